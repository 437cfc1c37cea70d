package dev.signet.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads settings from defaults, an optional Java-properties config file and SIGNET_* environment
 * variables (highest precedence), and validates each one. Any bad or unknown key fails with a
 * {@link ConfigException} naming it, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    /** Environment variable that names the config file; not itself a setting. */
    public static final String CONFIG_FILE_VARIABLE = "SIGNET_CONFIG_FILE";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** Bounds of the settings an administrator may also change at runtime, shared with that check. */
    public static final Bounds PASSWORD_MIN_LENGTH = new Bounds(1, 1024);
    public static final Bounds PASSWORD_MAX_LENGTH = new Bounds(8, 4096);
    public static final Bounds THROTTLE_MAX_FAILURES = new Bounds(1, 1000);

    private ConfigLoader() {
    }

    public static SignetConfig load(Map<String, String> environment, Path configFile) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            raw.put(s, s.defaultValue());
        }
        Path file = configFile;
        if (file == null && environment.containsKey(CONFIG_FILE_VARIABLE)) {
            file = Path.of(environment.get(CONFIG_FILE_VARIABLE));
        }
        if (file != null) {
            readFile(file, raw);
        }
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("SIGNET_") || name.equals(CONFIG_FILE_VARIABLE)) {
                continue;
            }
            Setting s = Setting.byEnvironmentName(name);
            if (s == null) {
                throw new ConfigException(name, "unknown setting (see the README for the list of keys)");
            }
            raw.put(s, e.getValue());
        }
        return build(raw);
    }

    private static void readFile(Path file, Map<Setting, String> raw) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CONFIG_FILE_VARIABLE, "cannot read config file " + file + ": " + e.getMessage());
        }
        for (String key : props.stringPropertyNames()) {
            Setting s = Setting.byKey(key);
            if (s == null) {
                throw new ConfigException(key, "unknown setting in " + file);
            }
            raw.put(s, props.getProperty(key).trim());
        }
    }

    private static SignetConfig build(Map<Setting, String> raw) {
        Path dataDir = Path.of(text(raw, Setting.DATA_DIR, 1, 4096));
        String databaseUrl = raw.get(Setting.DATABASE_URL).trim();
        if (databaseUrl.isEmpty()) {
            databaseUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("signet")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        } else if (!databaseUrl.startsWith("jdbc:h2:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(Setting.DATABASE_URL.key(), "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        int minLength = integer(raw, Setting.PASSWORD_MIN_LENGTH, PASSWORD_MIN_LENGTH);
        int maxLength = integer(raw, Setting.PASSWORD_MAX_LENGTH, PASSWORD_MAX_LENGTH);
        if (maxLength < minLength) {
            throw new ConfigException(Setting.PASSWORD_MAX_LENGTH.key(), "must not be below password.min.length (" + minLength + ")");
        }
        int threads = integer(raw, Setting.HASHING_THREADS, 0, 256);
        if (threads == 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        var password = new SignetConfig.PasswordSettings(
                minLength,
                maxLength,
                integer(raw, Setting.ARGON2_MEMORY_KIB, 1024, 4 * 1024 * 1024),
                integer(raw, Setting.ARGON2_ITERATIONS, 1, 100),
                integer(raw, Setting.ARGON2_PARALLELISM, 1, 64),
                threads,
                integer(raw, Setting.HASHING_QUEUE, 1, 100_000));
        String bootstrapToken = raw.get(Setting.BOOTSTRAP_TOKEN);
        if (!bootstrapToken.isEmpty() && bootstrapToken.length() < 32) {
            throw new ConfigException(Setting.BOOTSTRAP_TOKEN.key(), "must be at least 32 characters");
        }
        String bootstrapPassword = raw.get(Setting.BOOTSTRAP_PASSWORD);
        if (!bootstrapPassword.isEmpty() && (bootstrapPassword.length() < minLength || bootstrapPassword.length() > maxLength)) {
            throw new ConfigException(Setting.BOOTSTRAP_PASSWORD.key(),
                    "must be " + minLength + " to " + maxLength + " characters (password.min.length / password.max.length)");
        }
        Duration idle = duration(raw, Setting.SESSION_IDLE_TIMEOUT);
        Duration absolute = duration(raw, Setting.SESSION_ABSOLUTE_LIFETIME);
        return new SignetConfig(
                text(raw, Setting.LISTEN_HOST, 1, 255),
                integer(raw, Setting.LISTEN_PORT, 0, 65535),
                publicUrl(raw),
                dataDir,
                databaseUrl,
                raw.get(Setting.DATABASE_USER),
                raw.get(Setting.DATABASE_PASSWORD),
                integer(raw, Setting.DATABASE_POOL_SIZE, 1, 200),
                key(raw, Setting.COOKIE_KEY, 32),
                key(raw, Setting.KEY_ENCRYPTION_KEY, 32),
                text(raw, Setting.BOOTSTRAP_ADMIN_USERNAME, 1, 150),
                bootstrapPassword,
                bootstrapToken,
                password,
                idle,
                absolute,
                integer(raw, Setting.THROTTLE_MAX_FAILURES, THROTTLE_MAX_FAILURES),
                duration(raw, Setting.THROTTLE_WINDOW),
                bool(raw, Setting.TRUST_FORWARDED_HEADERS),
                integer(raw, Setting.MAX_REQUEST_BYTES, 1024, 64 * 1024 * 1024),
                samlClockSkew(raw),
                new SignetConfig.Monitoring(metricsToken(raw), logFormat(raw)));
    }

    /** Goes into an Authorization header, so visible ASCII only; long enough not to be guessed. */
    private static String metricsToken(Map<Setting, String> raw) {
        String v = raw.get(Setting.METRICS_TOKEN).trim();
        if (v.isEmpty()) {
            return v;
        }
        if (v.length() < 16 || v.length() > 256) {
            throw new ConfigException(Setting.METRICS_TOKEN.key(), "must be 16 to 256 characters (or empty for local access only)");
        }
        if (!v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(Setting.METRICS_TOKEN.key(), "must be visible ASCII characters without spaces");
        }
        return v;
    }

    private static SignetConfig.LogFormat logFormat(Map<Setting, String> raw) {
        String v = raw.get(Setting.LOG_FORMAT).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "text" -> SignetConfig.LogFormat.TEXT;
            case "json" -> SignetConfig.LogFormat.JSON;
            default -> throw new ConfigException(Setting.LOG_FORMAT.key(), "must be text or json, got '" + v + "'");
        };
    }

    private static Duration samlClockSkew(Map<Setting, String> raw) {
        Duration skew = duration(raw, Setting.SAML_CLOCK_SKEW);
        if (skew.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new ConfigException(Setting.SAML_CLOCK_SKEW.key(), "must be at most 30m");
        }
        return skew;
    }

    private static String text(Map<Setting, String> raw, Setting s, int min, int max) {
        String v = raw.get(s).trim();
        if (v.length() < min || v.length() > max) {
            throw new ConfigException(s.key(), "must be " + min + " to " + max + " characters");
        }
        return v;
    }

    private static int integer(Map<Setting, String> raw, Setting s, int min, int max) {
        String v = raw.get(s).trim();
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(s.key(), "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(s.key(), "not a whole number: '" + v + "'");
        }
    }

    private static int integer(Map<Setting, String> raw, Setting s, Bounds bounds) {
        return integer(raw, s, bounds.min(), bounds.max());
    }

    private static boolean bool(Map<Setting, String> raw, Setting s) {
        String v = raw.get(s).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(s.key(), "must be true or false, got '" + v + "'");
        };
    }

    /** Accepts 90s, 15m, 8h, 1d, 500ms or ISO-8601 (PT8H). */
    static Duration duration(Map<Setting, String> raw, Setting s) {
        String v = raw.get(s).trim();
        Duration d = parseDuration(v);
        if (d == null) {
            throw new ConfigException(s.key(), "not a duration: '" + v + "' (use e.g. 30s, 15m, 8h, 1d)");
        }
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(s.key(), "must be positive");
        }
        return d;
    }

    /** A duration written as 90s, 15m, 8h, 1d, 500ms or ISO-8601 (PT8H); null when it is none of these. */
    public static Duration parseDuration(String text) {
        String v = text.trim();
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] key(Map<Setting, String> raw, Setting s, int minBytes) {
        String v = raw.get(s).trim();
        if (v.isEmpty()) {
            return null;
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.key(), "not valid base64");
        }
        if (k.length < minBytes) {
            throw new ConfigException(s.key(), "must decode to at least " + minBytes + " bytes");
        }
        return k;
    }

    private static String publicUrl(Map<Setting, String> raw) {
        String v = raw.get(Setting.PUBLIC_URL).trim();
        if (v.isEmpty()) {
            return v;
        }
        String problem = publicUrlProblem(v);
        if (problem != null) {
            throw new ConfigException(Setting.PUBLIC_URL.key(), problem);
        }
        return withoutTrailingSlash(v);
    }

    /** What is wrong with a public URL, or null when it is an http(s) URL with a host and no query or fragment. */
    public static String publicUrlProblem(String v) {
        try {
            URI u = new URI(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                    || u.getQuery() != null || u.getFragment() != null) {
                return "must be an http(s) URL without query, e.g. https://sso.example.com";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a URL: " + e.getMessage();
        }
    }

    public static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Inclusive bounds of a whole-number setting. */
    public record Bounds(int min, int max) {
        public boolean contains(int n) {
            return n >= min && n <= max;
        }
    }
}
