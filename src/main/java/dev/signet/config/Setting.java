package dev.signet.config;

import java.util.Locale;

/**
 * One documented configuration key. The same key is read from the config file (as written here)
 * and from the environment (upper-cased, dots to underscores, prefixed with SIGNET_).
 */
public enum Setting {
    LISTEN_HOST("listen.host", "127.0.0.1", "Address the HTTP server binds to."),
    LISTEN_PORT("listen.port", "9000", "TCP port of the HTTP server (0 picks a free port)."),
    PUBLIC_URL("public.url", "", "External base URL users reach Signet at; empty means http://<listen.host>:<listen.port>. Cookies get the Secure flag when it is https."),
    DATA_DIR("data.dir", "./data", "Directory for the embedded database and generated instance secrets."),
    DATABASE_URL("database.url", "", "JDBC URL: jdbc:postgresql://host:5432/signet for PostgreSQL (see docs/postgresql.md); empty means the embedded H2 file database <data.dir>/signet."),
    DATABASE_USER("database.user", "signet", "Database user."),
    DATABASE_PASSWORD("database.password", "", "Database password."),
    DATABASE_POOL_SIZE("database.pool.size", "10", "Maximum connections in the pool (1-200)."),
    COOKIE_KEY("cookie.key", "", "Base64 key (32+ bytes) that signs CSRF tokens; empty means generated into <data.dir>/secrets/cookie.key."),
    KEY_ENCRYPTION_KEY("key.encryption.key", "", "Base64 AES-256 key that encrypts stored private keys; empty means generated into <data.dir>/secrets/kek.key."),
    BOOTSTRAP_ADMIN_USERNAME("bootstrap.admin.username", "admin", "Username of the first administrator, created on first start only."),
    BOOTSTRAP_PASSWORD("bootstrap.password", "", "Password of the first administrator; empty means generated and printed once to the log."),
    BOOTSTRAP_TOKEN("bootstrap.token", "", "Optional API token (32+ characters) for the first administrator, for automation; first start only."),
    PASSWORD_MIN_LENGTH("password.min.length", "12", "Minimum password length in characters."),
    PASSWORD_MAX_LENGTH("password.max.length", "256", "Maximum password length in characters (bounds hashing cost)."),
    ARGON2_MEMORY_KIB("password.argon2.memory.kib", "19456", "Argon2id memory cost in KiB (OWASP: 19456 = 19 MiB)."),
    ARGON2_ITERATIONS("password.argon2.iterations", "2", "Argon2id time cost (passes)."),
    ARGON2_PARALLELISM("password.argon2.parallelism", "1", "Argon2id lanes."),
    HASHING_THREADS("password.hashing.threads", "0", "Concurrent password hashes; 0 means one per CPU core. Further logins queue."),
    HASHING_QUEUE("password.hashing.queue", "512", "Logins that may wait for a hashing thread before new ones get 503."),
    SESSION_IDLE_TIMEOUT("session.idle.timeout", "8h", "SSO session ends after this long without a request (e.g. 30m, 8h, 1d)."),
    SESSION_ABSOLUTE_LIFETIME("session.absolute.lifetime", "24h", "SSO session ends this long after login, whatever the activity."),
    THROTTLE_MAX_FAILURES("login.throttle.max.failures", "5", "Failed logins per username, and per client address, allowed within the window."),
    THROTTLE_WINDOW("login.throttle.window", "15m", "Sliding window over which failed logins are counted."),
    TRUST_FORWARDED_HEADERS("http.trust.forwarded.headers", "false", "Take the client address from X-Forwarded-For (only behind a proxy you control)."),
    MAX_REQUEST_BYTES("http.max.request.bytes", "1048576", "Largest request body accepted."),
    SAML_CLOCK_SKEW("saml.clock.skew", "2m", "How far an SP's clock may differ from Signet's when checking IssueInstant of its requests."),
    METRICS_TOKEN("metrics.token", "", "Bearer token (16-256 characters) that GET /metrics requires; empty means only local requests (from loopback, not through a proxy) may read it."),
    LOG_FORMAT("log.format", "text", "Console log format: text (one readable line per event) or json (one JSON object per line, for log shippers).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String environmentName() {
        return "SIGNET_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    public static Setting byEnvironmentName(String name) {
        for (Setting s : values()) {
            if (s.environmentName().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
