package dev.signet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.Installation;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import dev.signet.web.Cookies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Two nodes A and B of one installation, as docs/postgresql.md describes it ({@link Installation}:
 * one embedded PostgreSQL database, the same cookie key, key-encryption key and public URL), separate
 * data directories, one clock. Also waits, as a test of a cache's bound must, for a
 * change made on A to show on B.
 */
final class ClusterNodes implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    /** Over a cache's bound: one request on a busy machine (2 cores shared with other builds) and one poll interval. */
    static final Duration MARGIN = Duration.ofMillis(1500);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    final TestSignet a;
    final TestSignet b;
    /** Shared, as NTP gives real nodes; frozen unless a test moves it (see {@link #awaitOnB}). */
    final MutableClock clock;
    private final Path shared;
    private final List<TestSignet> started = new ArrayList<>();

    private ClusterNodes(Path shared, Map<String, String> settings) throws Exception {
        this.shared = shared;
        this.clock = MutableClock.startingNow();
        try {
            // A makes the default keypair at first start; B can sign with it because the key-encryption key is shared.
            this.a = startNode(settings);
            this.b = startNode(settings);
        } catch (Exception | Error e) {
            started.forEach(TestSignet::close);
            throw e;
        }
    }

    static ClusterNodes start() throws Exception {
        return start(Map.of());
    }

    /** Two nodes with {@code extra} settings on top of the installation's. */
    static ClusterNodes start(Map<String, String> extra) throws Exception {
        Path shared = Files.createTempDirectory("signet-cluster-db-");
        Map<String, String> settings = new HashMap<>(Installation.settingsFor(shared));
        settings.putAll(extra);
        try {
            return new ClusterNodes(shared, settings);
        } catch (Exception | Error e) {
            TestDatabase.dropFor(shared);
            TestSignet.deleteRecursively(shared);
            throw e;
        }
    }

    private TestSignet startNode(Map<String, String> settings) throws Exception {
        TestSignet node = TestSignet.start(Files.createTempDirectory("signet-cluster-node-"), settings, clock);
        started.add(node);
        return node;
    }

    @Override
    public void close() {
        started.forEach(TestSignet::close);
        TestDatabase.dropFor(shared);
        TestSignet.deleteRecursively(shared);
    }

    /** A browser signed in as {@code username} on {@code node}. */
    static WebClient signedIn(TestSignet node, String username) {
        return signedIn(node.client(), username);
    }

    /** {@code browser} (new, for some node) signed in as {@code username}. */
    static WebClient signedIn(WebClient browser, String username) {
        assertThat(browser.login(username, PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    /** A browser for {@code node} holding the session cookie {@code from} got elsewhere. */
    static WebClient sessionMovedTo(TestSignet node, WebClient from) {
        String session = from.cookie(Cookies.SESSION);
        assertThat(session).isNotNull();
        WebClient browser = node.client();
        browser.setCookie(Cookies.SESSION, session);
        return browser;
    }

    /**
     * Reads on B until it shows {@code expected}; fails when a read begun later than {@code bound} +
     * {@link #MARGIN} after {@code changedAt} (System.nanoTime when A acknowledged the change) still
     * shows something else. Returns how long after the change the first read showing it began.
     * Meanwhile the shared clock keeps up with wall time: RuntimeSettings measures its staleness on
     * the node's clock, the read-through caches on System.nanoTime.
     */
    <T> Duration awaitOnB(long changedAt, Duration bound, Supplier<T> read, T expected) {
        long deadline = bound.plus(MARGIN).toNanos();
        long advanced = 0;
        T seen;
        while (true) {
            long elapsed = System.nanoTime() - changedAt;
            clock.advance(Duration.ofNanos(elapsed - advanced));
            advanced = elapsed;
            seen = read.get();
            if (Objects.equals(seen, expected)) {
                return Duration.ofNanos(elapsed);
            }
            if (elapsed > deadline) {
                throw new AssertionError("B still showed " + seen + " instead of " + expected + " "
                        + Duration.ofNanos(elapsed).toMillis() + " ms after the change on A (bound " + bound.toMillis()
                        + " ms + margin " + MARGIN.toMillis() + " ms)");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
