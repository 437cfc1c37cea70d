package dev.signet.settings;

import dev.signet.config.ConfigLoader;
import dev.signet.config.ConfigLoader.Bounds;
import dev.signet.config.Setting;
import dev.signet.errors.FieldErrors;
import java.time.Duration;

/**
 * A configuration key an administrator may also change at runtime, in the console. Values are checked
 * as {@link ConfigLoader} checks the same key, and stored under the same key in the config file's
 * syntax. Password hashing, the listen address and everything else stay config-only.
 */
public enum RuntimeSetting {
    PUBLIC_URL(Setting.PUBLIC_URL, "publicUrl", "Public URL", null),
    SESSION_IDLE_TIMEOUT(Setting.SESSION_IDLE_TIMEOUT, "sessionIdleTimeout", "Session idle timeout", null),
    SESSION_ABSOLUTE_LIFETIME(Setting.SESSION_ABSOLUTE_LIFETIME, "sessionAbsoluteLifetime", "Session absolute lifetime", null),
    PASSWORD_MIN_LENGTH(Setting.PASSWORD_MIN_LENGTH, "passwordMinLength", "Minimum password length", ConfigLoader.PASSWORD_MIN_LENGTH),
    PASSWORD_MAX_LENGTH(Setting.PASSWORD_MAX_LENGTH, "passwordMaxLength", "Maximum password length", ConfigLoader.PASSWORD_MAX_LENGTH),
    THROTTLE_MAX_FAILURES(Setting.THROTTLE_MAX_FAILURES, "throttleMaxFailures", "Failed sign-ins allowed",
            ConfigLoader.THROTTLE_MAX_FAILURES),
    THROTTLE_WINDOW(Setting.THROTTLE_WINDOW, "throttleWindow", "Failed sign-in window", null);

    private static final int MAX_URL_CHARS = 2000;

    private final Setting setting;
    private final String field;
    private final String label;
    /** Null for a setting that is not a whole number. */
    private final Bounds bounds;

    RuntimeSetting(Setting setting, String field, String label, Bounds bounds) {
        this.setting = setting;
        this.field = field;
        this.label = label;
        this.bounds = bounds;
    }

    /** The config key, also the key of the stored override. */
    public String key() {
        return setting.key();
    }

    /** The console form's field name. */
    public String field() {
        return field;
    }

    public String label() {
        return label;
    }

    public String description() {
        if (this == PUBLIC_URL) {
            // The config key's text explains an empty value, which the console does not accept.
            return "External base URL users reach Signet at: SAML metadata, issuer and endpoint URLs use it,"
                    + " and cookies get the Secure flag when it is https.";
        }
        return setting.description();
    }

    public boolean isDuration() {
        return this == SESSION_IDLE_TIMEOUT || this == SESSION_ABSOLUTE_LIFETIME || this == THROTTLE_WINDOW;
    }

    /** The built-in default of the key, as the config loader would read it (null for the public URL: derived from the listen address). */
    Object builtInDefault() {
        return this == PUBLIC_URL ? null : parse(setting.defaultValue(), new FieldErrors());
    }

    /**
     * The value typed (String, Duration or Integer), or null after adding a message for the field to
     * {@code errors}. A URL loses its trailing slash, as in the config loader.
     */
    public Object parse(String text, FieldErrors errors) {
        String v = text == null ? "" : text.strip();
        if (v.isEmpty()) {
            errors.add(field, label + " is required.");
            return null;
        }
        if (this == PUBLIC_URL) {
            String problem = v.length() > MAX_URL_CHARS ? "must be at most " + MAX_URL_CHARS + " characters" : ConfigLoader.publicUrlProblem(v);
            if (problem != null) {
                errors.add(field, "Public URL " + problem + ".");
                return null;
            }
            return ConfigLoader.withoutTrailingSlash(v);
        }
        if (isDuration()) {
            Duration d = ConfigLoader.parseDuration(v);
            if (d == null || d.isNegative() || d.isZero()) {
                errors.add(field, label + " must be a positive duration such as 30s, 15m, 8h or 1d.");
                return null;
            }
            Duration[] range = durationRange();
            if (d.compareTo(range[0]) < 0 || d.compareTo(range[1]) > 0) {
                errors.add(field, label + " must be from " + duration(range[0]) + " to " + duration(range[1]) + ".");
                return null;
            }
            return d;
        }
        try {
            int n = Integer.parseInt(v);
            if (bounds.contains(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        errors.add(field, label + " must be a whole number from " + bounds.min() + " to " + bounds.max() + ".");
        return null;
    }

    /**
     * What the console accepts for a duration: wide enough for any sensible policy, narrow enough that
     * one save cannot sign every administrator out at once (a 1 ms session) or overflow the clock.
     */
    private Duration[] durationRange() {
        return switch (this) {
            case SESSION_IDLE_TIMEOUT -> new Duration[] {Duration.ofMinutes(1), Duration.ofDays(30)};
            case SESSION_ABSOLUTE_LIFETIME -> new Duration[] {Duration.ofMinutes(5), Duration.ofDays(365)};
            case THROTTLE_WINDOW -> new Duration[] {Duration.ofSeconds(1), Duration.ofDays(1)};
            default -> throw new IllegalStateException(name() + " is not a duration");
        };
    }

    /** A value as stored and shown: durations in the largest whole unit (8h, 15m), as the config file writes them. */
    public String text(Object value) {
        if (value instanceof Duration d) {
            return duration(d);
        }
        return String.valueOf(value);
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        if (!Duration.ofMillis(ms).equals(d)) {
            return d.toString();
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0 && ms / units[i] <= 999_999_999L) {
                return (ms / units[i]) + names[i];
            }
        }
        return d.toString();
    }

    public static RuntimeSetting byKey(String key) {
        for (RuntimeSetting s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
