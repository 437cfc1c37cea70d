package dev.signet.config;

import java.nio.file.Path;
import java.time.Duration;

/** The validated configuration of one Signet node. Built by {@link ConfigLoader}. */
public record SignetConfig(
        String listenHost,
        int listenPort,
        String publicUrl,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        byte[] cookieKey,
        byte[] keyEncryptionKey,
        String bootstrapAdminUsername,
        String bootstrapPassword,
        String bootstrapToken,
        PasswordSettings password,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteLifetime,
        int throttleMaxFailures,
        Duration throttleWindow,
        boolean trustForwardedHeaders,
        long maxRequestBytes,
        Duration samlClockSkew,
        Monitoring monitoring) {

    /** Argon2id parameters, password policy and hashing pool size. */
    public record PasswordSettings(
            int minLength, int maxLength, int memoryKib, int iterations, int parallelism, int hashingThreads, int hashingQueue) {
    }

    /** How the node is watched: who may read /metrics, and how the console log is written. */
    public record Monitoring(String metricsToken, LogFormat logFormat) {
        /** Whether /metrics asks for a bearer token rather than a local request. */
        public boolean metricsTokenRequired() {
            return !metricsToken.isEmpty();
        }
    }

    /** The console log's line format. */
    public enum LogFormat {
        /** One readable line per event. */
        TEXT,
        /** One JSON object per line (logstash field names), for log shippers. */
        JSON
    }

    /** Public base URL without a trailing slash; derived from the listen address when not configured. */
    public String effectivePublicUrl(int actualPort) {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        String host = listenHost.contains(":") ? "[" + listenHost + "]" : listenHost;
        if ("0.0.0.0".equals(listenHost) || "::".equals(listenHost)) {
            host = "localhost";
        }
        return "http://" + host + ":" + actualPort;
    }

    public boolean secureCookies() {
        return publicUrl.startsWith("https://");
    }
}
