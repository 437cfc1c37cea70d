package dev.signet.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/** Field rules shared by the directory and application services, so every form and API agrees. */
public final class Checks {
    /** Letters, digits and . _ @ + - : safe in URLs, logs, SAML NameIDs and AWS session names. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,149}");
    public static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@+-]{0,149}");
    public static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_ATTRIBUTES_JSON = 32 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checks() {
    }

    /** An optional text field as stored: trimmed, and null when blank (clearing the value). */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A value quoted back in a message, cut at {@code max} characters ("" for null). */
    public static String shorten(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max) + "...";
    }

    public static void username(FieldErrors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "Username is required.");
        } else if (value.length() > 150) {
            errors.add(field, "Username must be at most 150 characters.");
        } else if (!USERNAME.matcher(value).matches()) {
            errors.add(field, "Username may contain letters, digits and . _ @ + - and must start with a letter or digit.");
        }
    }

    public static void groupName(FieldErrors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "Name is required.");
        } else if (value.length() > 150) {
            errors.add(field, "Name must be at most 150 characters.");
        } else if (!GROUP_NAME.matcher(value).matches()) {
            errors.add(field, "Name may contain letters, digits, spaces and . _ @ + - and must start with a letter or digit.");
        }
    }

    public static void slug(FieldErrors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "Slug is required.");
        } else if (!SLUG.matcher(value).matches()) {
            errors.add(field, "Slug must be 1-64 lower-case letters, digits and hyphens, not starting or ending with a hyphen.");
        }
    }

    public static void email(FieldErrors errors, String field, String value) {
        if (value != null && !value.isEmpty() && (value.length() > 320 || !EMAIL.matcher(value).matches())) {
            errors.add(field, "Not a valid email address.");
        }
    }

    /** Free text such as a display name: any printable characters, no control characters, bounded length. */
    public static void text(FieldErrors errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(field, "This field is required.");
            }
            return;
        }
        if (value.length() > max) {
            errors.add(field, "Must be at most " + max + " characters.");
        } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            errors.add(field, "Must not contain control characters.");
        }
    }

    /** An absolute http(s) URL, or a path on this server when {@code allowPath}. */
    public static void url(FieldErrors errors, String field, String value, boolean allowPath) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (value.length() > 2000) {
            errors.add(field, "URL must be at most 2000 characters.");
            return;
        }
        try {
            URI u = new URI(value);
            boolean absolute = ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
            boolean path = allowPath && u.getScheme() == null && u.getHost() == null && value.startsWith("/") && !value.startsWith("//");
            if (!absolute && !path) {
                errors.add(field, allowPath ? "Must be an http(s) URL or a path starting with /." : "Must be an http(s) URL.");
            }
        } catch (URISyntaxException e) {
            errors.add(field, "Not a valid URL.");
        }
    }

    public static void attributes(FieldErrors errors, String field, Map<String, Object> value) {
        if (value == null) {
            return;
        }
        for (String key : value.keySet()) {
            if (key.isEmpty() || key.length() > 100 || key.chars().anyMatch(Character::isISOControl)) {
                errors.add(field, "Attribute names must be 1-100 printable characters.");
                return;
            }
        }
        try {
            if (JSON.writeValueAsString(value).length() > MAX_ATTRIBUTES_JSON) {
                errors.add(field, "Attributes must be at most " + MAX_ATTRIBUTES_JSON / 1024 + " KiB as JSON.");
            }
        } catch (JsonProcessingException e) {
            errors.add(field, "Attributes must be a JSON object.");
        }
    }
}
