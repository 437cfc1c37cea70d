package dev.signet.mappings;

import java.util.regex.Pattern;

/**
 * The CEL functions that make a value fit AWS's rules: a RoleSessionName or SourceIdentity
 * ({@code [a-zA-Z_0-9+=,.@-]{2,64}}) and a session tag value (letters, digits, spaces and
 * {@code _.:/=+-@}, at most 256). Characters outside the set become '-' or '_', never dropped, so
 * two names that differ only there still look different in CloudTrail.
 */
public final class AwsFitting {
    /** The characters AWS allows in session tag keys and values (a regex character-class body). */
    public static final String TAG_CHARACTERS = "\\p{L}\\p{Z}\\p{N}_.:/=+\\-@";

    static final String SESSION_NAME_FUNCTION = "aws.sessionName";
    static final String TAG_VALUE_FUNCTION = "aws.tagValue";

    private static final Pattern NOT_SESSION_NAME = Pattern.compile("[^a-zA-Z_0-9+=,.@-]");
    private static final Pattern NOT_TAG_VALUE = Pattern.compile("[^" + TAG_CHARACTERS + "]");

    private AwsFitting() {
    }

    static String sessionName(String value) {
        String fitted = NOT_SESSION_NAME.matcher(value).replaceAll("-");
        if (fitted.length() > 64) {
            fitted = fitted.substring(0, 64);
        }
        while (fitted.length() < 2) {
            fitted = fitted + "_";
        }
        return fitted;
    }

    static String tagValue(String value) {
        String fitted = NOT_TAG_VALUE.matcher(value).replaceAll("_");
        return fitted.codePointCount(0, fitted.length()) <= 256 ? fitted : fitted.substring(0, fitted.offsetByCodePoints(0, 256));
    }
}
