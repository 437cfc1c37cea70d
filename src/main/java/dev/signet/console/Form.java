package dev.signet.console;

import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads one submitted HTML form into the typed values the services take, collecting every field
 * that cannot be read (a number that is not one, a malformed line) so that all are reported at once.
 * Text is taken as typed except for surrounding white space; an empty field reads as "" so that a
 * service can tell "cleared" from "not on this form" (null).
 */
public final class Form {
    private static final int MAX_FIELD_CHARS = 200_000;

    private final Context ctx;
    private final Map<String, String> sent = new LinkedHashMap<>();
    private final List<InvalidInputException.FieldError> errorList = new ArrayList<>();

    private Form(Context ctx) {
        this.ctx = ctx;
    }

    public static Form of(Context ctx) {
        return new Form(ctx);
    }

    /** A text field, stripped; null when the form did not have it. */
    public String text(String field) {
        String v = ctx.formParam(field);
        if (v == null) {
            return null;
        }
        if (v.length() > MAX_FIELD_CHARS) {
            error(field, "Must be at most " + MAX_FIELD_CHARS + " characters.");
            return null;
        }
        v = v.strip();
        sent.put(field, v);
        return v;
    }

    /** A text field where an empty value means "none" (null). */
    public String optionalText(String field) {
        String v = text(field);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A password field: never stripped, never echoed back into the form. */
    public String secret(String field) {
        String v = ctx.formParam(field);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A checkbox: ticked or not (an unticked box is simply absent from the submission). */
    public boolean checkbox(String field) {
        boolean on = ctx.formParam(field) != null;
        sent.put(field, String.valueOf(on));
        return on;
    }

    /** A whole number; null when empty. */
    public Integer integer(String field) {
        String v = text(field);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            error(field, "Must be a whole number.");
            return null;
        }
    }

    /** A select or hidden field holding an ID; null when empty. */
    public UUID id(String field) {
        String v = text(field);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            error(field, "Choose one of the listed entries.");
            return null;
        }
    }

    /** Every value of a repeated field (checkbox group, multi-select), in order, without empties. */
    public List<String> all(String field) {
        List<String> values = ctx.formParams(field).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        sent.put(field, String.join("\n", values));
        return values;
    }

    /** Every ID of a repeated field. */
    public List<UUID> ids(String field) {
        List<UUID> out = new ArrayList<>();
        for (String v : all(field)) {
            try {
                out.add(UUID.fromString(v));
            } catch (IllegalArgumentException e) {
                error(field, "Choose from the listed entries.");
            }
        }
        return out;
    }

    /** A textarea with one value per line, blank lines ignored. */
    public List<String> lines(String field) {
        String v = text(field);
        if (v == null) {
            return null;
        }
        return v.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A textarea of "key = value" lines (attributes). A value in [a, b] brackets becomes a list of
     * strings, so that multi-valued attributes can be typed; anything else stays text.
     */
    public Map<String, Object> keyValues(String field) {
        String v = text(field);
        if (v == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : v.lines().toList()) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0) {
                error(field, "Line " + lineNo + ": write each attribute as name = value.");
                continue;
            }
            String key = s.substring(0, eq).strip();
            String value = s.substring(eq + 1).strip();
            if (value.startsWith("[") && value.endsWith("]")) {
                String inner = value.substring(1, value.length() - 1).strip();
                out.put(key, inner.isEmpty() ? List.of()
                        : java.util.Arrays.stream(inner.split(",")).map(String::strip).toList());
            } else {
                out.put(key, value);
            }
        }
        return out;
    }

    /** The inverse of {@link #keyValues}: attributes as the textarea shows them. */
    public static String keyValueText(Map<String, Object> attributes) {
        StringBuilder sb = new StringBuilder();
        if (attributes != null) {
            attributes.forEach((k, v) -> {
                String shown = v instanceof List<?> list
                        ? "[" + String.join(", ", list.stream().map(String::valueOf).toList()) + "]"
                        : String.valueOf(v);
                sb.append(k).append(" = ").append(shown).append('\n');
            });
        }
        return sb.toString();
    }

    /** Records an error for a field (a check made by the page itself). */
    public Form error(String field, String message) {
        errorList.add(new InvalidInputException.FieldError(field, message));
        return this;
    }

    /** Throws the collected reading errors, if any, as one {@link InvalidInputException}. */
    public void throwIfInvalid() {
        if (!errorList.isEmpty()) {
            throw new InvalidInputException(errorList);
        }
    }

    /** The form as sent (passwords excluded), to show again after a refusal. */
    public Map<String, String> sent() {
        return sent;
    }

    /** The form as sent, with a conflict's message next to its field (a taken name, a cycle, a refused self-demotion). */
    public FormState refused(ConflictException e) {
        return refused(InvalidInputException.of(e.field(), e.getMessage()));
    }

    /** The form as sent, with the messages of a refusal. */
    public FormState refused(InvalidInputException e) {
        List<InvalidInputException.FieldError> all = new ArrayList<>(errorList);
        all.addAll(e.errors());
        return FormState.refused(sent, all);
    }
}
