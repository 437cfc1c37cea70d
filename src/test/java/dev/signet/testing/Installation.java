package dev.signet.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings every node of one installation shares (docs/postgresql.md, "Several nodes"): one
 * PostgreSQL database, the cookie key, the key-encryption key and the public URL (the load balancer's).
 */
public final class Installation {
    /** The load balancer's address: one public URL, so every node issues as the same IdP. */
    public static final String PUBLIC_URL = "http://signet.cluster.test";

    private Installation() {
    }

    /** Fresh keys and the embedded PostgreSQL database named after {@code shared} (drop it with TestDatabase.dropFor). */
    public static Map<String, String> settingsFor(Path shared) {
        Map<String, String> settings = new HashMap<>(TestDatabase.postgresSettingsFor(shared));
        settings.put("SIGNET_COOKIE_KEY", randomKey());
        settings.put("SIGNET_KEY_ENCRYPTION_KEY", randomKey());
        settings.put("SIGNET_PUBLIC_URL", PUBLIC_URL);
        return settings;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
