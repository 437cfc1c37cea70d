package dev.signet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.Installation;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes starting at the same moment on one fresh PostgreSQL database: Flyway's advisory lock lets one
 * migrate while the other waits, and the first-start work (administrator, default keypair, built-in
 * mappings) happens once. Always on PostgreSQL, whichever database the rest of the run uses.
 */
class PostgresConcurrentStartTest {
    private Path shared;
    private final List<Path> nodeDirs = new ArrayList<>();
    private final List<TestSignet> nodes = new ArrayList<>();

    @BeforeEach
    void freshDatabase() throws Exception {
        shared = Files.createTempDirectory("signet-pg-shared-");
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(TestSignet::close);
        TestDatabase.dropFor(shared);
        TestSignet.deleteRecursively(shared);
    }

    @Test
    void two_nodes_starting_together_on_one_fresh_database_both_come_up_with_one_schema_history() throws Exception {
        // Nodes of one deployment share their secrets, as they share the database.
        Map<String, String> settings = Installation.settingsFor(shared);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService starters = Executors.newFixedThreadPool(2);
        try {
            List<Future<TestSignet>> starting = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Path dir = Files.createTempDirectory("signet-pg-node-");
                nodeDirs.add(dir);
                starting.add(starters.submit(() -> {
                    together.await();
                    return TestSignet.start(dir, settings, MutableClock.startingNow());
                }));
            }
            ExecutionException failed = null;
            for (Future<TestSignet> node : starting) {
                try {
                    nodes.add(node.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failed = e; // still collect the other node, so that it is stopped
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            starters.shutdownNow();
        }

        for (TestSignet node : nodes) {
            assertThat(readiness(node)).isEqualTo(200);
            assertThat(node.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        }
        try (Connection c = TestDatabase.connect(shared)) {
            assertThat(count(c, "SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL"))
                    .isEqualTo(count(c, "SELECT COUNT(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL"))
                    .isEqualTo(migrationCount());
            assertThat(count(c, "SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")).isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM users")).isEqualTo(1);
            assertThat(count(c, "SELECT COUNT(*) FROM keypairs")).isEqualTo(1);
            assertThat(count(c, "SELECT COUNT(*) FROM property_mappings WHERE builtin_key IS NOT NULL"))
                    .isEqualTo(count(c, "SELECT COUNT(DISTINCT builtin_key) FROM property_mappings"));
        }
    }

    private static int readiness(TestSignet node) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/health/ready")).build();
        return HttpClient.newHttpClient().send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The versioned migrations Signet ships: SQL files plus the one Java migration (V5). */
    private static long migrationCount() throws Exception {
        Path sql = Path.of(PostgresConcurrentStartTest.class.getResource("/db/migration").toURI());
        try (var files = Files.list(sql)) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count() + 1;
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
