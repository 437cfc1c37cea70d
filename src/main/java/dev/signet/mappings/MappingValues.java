package dev.signet.mappings;

import com.google.protobuf.NullValue;
import dev.signet.mappings.MappingExpressions.EvaluationFailure;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An expression's result as attribute values. A string is one value, a list several (in order,
 * duplicates removed: SAML attribute values are a set in practice, and AWS's Role must not repeat),
 * null or an empty string none. Numbers and booleans from user attributes are written as text; maps
 * and nested lists are refused, since an attribute value cannot hold them.
 */
public final class MappingValues {
    /** At most this many values per attribute, and this many characters per value. */
    public static final int MAX_VALUES = 1_000;
    public static final int MAX_VALUE_LENGTH = 10_000;

    private MappingValues() {
    }

    public static List<String> of(Object result) {
        if (isNull(result)) {
            return List.of();
        }
        if (result instanceof dev.cel.runtime.CelUnknownSet) {
            throw new EvaluationFailure("The expression uses a value that is not known for this sign-in.");
        }
        if (result instanceof Collection<?> many) {
            Set<String> values = new LinkedHashSet<>();
            for (Object item : many) {
                if (isNull(item)) {
                    continue;
                }
                String value = scalar(item, "a list element");
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
            if (values.size() > MAX_VALUES) {
                throw new EvaluationFailure("The expression gave " + values.size() + " values; at most " + MAX_VALUES + " are sent.");
            }
            return List.copyOf(values);
        }
        String value = scalar(result, "the result");
        return value.isEmpty() ? List.of() : List.of(value);
    }

    private static String scalar(Object value, String what) {
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof Number || value instanceof Boolean) {
            text = String.valueOf(value);
        } else if (value instanceof Map<?, ?>) {
            throw new EvaluationFailure("The expression gave a map as " + what + "; a mapping must give strings.");
        } else if (value instanceof Collection<?>) {
            throw new EvaluationFailure("The expression gave a list inside a list; a mapping must give strings.");
        } else {
            throw new EvaluationFailure("The expression gave a " + value.getClass().getSimpleName() + " as " + what
                    + "; a mapping must give strings.");
        }
        if (text.length() > MAX_VALUE_LENGTH) {
            throw new EvaluationFailure("The expression gave a value of " + text.length() + " characters; at most "
                    + MAX_VALUE_LENGTH + " are sent.");
        }
        return text;
    }

    private static boolean isNull(Object value) {
        return value == null || value instanceof NullValue;
    }
}
