package dev.signet.console;

import dev.signet.errors.InvalidInputException;
import dev.signet.errors.InvalidInputException.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form as the administrator last sent it, with a message per bad field, so that a refused form comes
 * back filled in with each message next to its field. Field names are those of the admin API, so the
 * services' messages land on the right input.
 */
public final class FormState {
    private final Map<String, String> values;
    private final Map<String, String> errors;

    private FormState(Map<String, String> values, Map<String, String> errors) {
        this.values = values;
        this.errors = errors;
    }

    public static FormState empty() {
        return new FormState(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** Starting values (an edit form shows the stored object). */
    public static FormState of(Map<String, String> values) {
        return new FormState(new LinkedHashMap<>(values), new LinkedHashMap<>());
    }

    /** The sent values with the errors of a refusal; the first message for a field wins. */
    public static FormState refused(Map<String, String> sent, InvalidInputException e) {
        return refused(sent, e.errors());
    }

    public static FormState refused(Map<String, String> sent, List<FieldError> fieldErrors) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError err : fieldErrors) {
            errors.putIfAbsent(err.field(), err.message());
        }
        return new FormState(new LinkedHashMap<>(sent), errors);
    }

    public FormState with(String field, String value) {
        values.put(field, value);
        return this;
    }

    public FormState withError(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    /** The value to show in a field ("" when none). */
    public String value(String field) {
        String v = values.get(field);
        return v == null ? "" : v;
    }

    /** Whether a checkbox should be ticked. */
    public boolean checked(String field) {
        String v = values.get(field);
        return "true".equals(v) || "on".equals(v);
    }

    public String error(String field) {
        return errors.get(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Errors for fields the form does not show (for the summary at the top), as "field: message". */
    public Map<String, String> errors() {
        return Map.copyOf(errors);
    }
}
