package dev.signet.testing;

import dev.signet.Signet;
import dev.signet.config.ConfigLoader;
import dev.signet.config.SignetConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Signet server on a free loopback port with a fresh database: H2 in a temporary directory, or a
 * database of its own on PostgreSQL when the tests run there (see {@link TestDatabase}).
 * Argon2 runs with small parameters so that tests are quick; production defaults are tested apart.
 */
public final class TestSignet implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    public final MutableClock clock;
    public final Path dataDir;
    private final Signet signet;

    private TestSignet(Signet signet, MutableClock clock, Path dataDir) {
        this.signet = signet;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    public static TestSignet start() {
        return start(Map.of());
    }

    /** Starts with extra settings, keyed by environment name (e.g. SIGNET_LOGIN_THROTTLE_MAX_FAILURES). */
    public static TestSignet start(Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("signet-test-");
            return start(dir, overrides, MutableClock.startingNow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestSignet start(Path dataDir, Map<String, String> overrides, MutableClock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("SIGNET_LISTEN_PORT", "0");
        env.put("SIGNET_DATA_DIR", dataDir.toString());
        env.put("SIGNET_BOOTSTRAP_PASSWORD", ADMIN_PASSWORD);
        env.put("SIGNET_BOOTSTRAP_TOKEN", ADMIN_TOKEN);
        env.put("SIGNET_PASSWORD_ARGON2_MEMORY_KIB", "1024");
        env.put("SIGNET_PASSWORD_ARGON2_ITERATIONS", "1");
        env.putAll(TestDatabase.settingsFor(dataDir));
        env.putAll(overrides);
        SignetConfig config = ConfigLoader.load(env, null);
        return new TestSignet(Signet.start(config, clock), clock, dataDir);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + signet.port();
    }

    public Signet signet() {
        return signet;
    }

    /** A new browser-like client (own cookie jar) for this server. */
    public WebClient client() {
        return new WebClient(baseUrl());
    }

    /** A client that calls the admin API with the bootstrap token. */
    public ApiClient api() {
        return new ApiClient(baseUrl(), ADMIN_TOKEN);
    }

    /** Stops the server but keeps the data directory (for restart tests). */
    public void stop() {
        signet.close();
    }

    @Override
    public void close() {
        signet.close();
        TestDatabase.dropFor(dataDir);
        deleteRecursively(dataDir);
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: temporary directory
        }
    }
}
