package dev.signet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.ApiClient;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running node whose PostgreSQL goes away and comes back: while it is gone, requests that need it answer 503
 * quickly and change nothing; when it is back the node recovers without a restart. Always on a PostgreSQL of its
 * own (stopped and started on the same data directory and port), whichever database the rest of the run uses.
 */
class DatabaseOutageTest {
    /** The pool's connection timeout is 5 s; an answer slower than this means a request waited on something else. */
    private static final long QUICK_MILLIS = 8_000;

    private Path pgData;
    private Path signetData;
    private int pgPort;
    private EmbeddedPostgres pg;
    private TestSignet node;

    @BeforeEach
    void startDatabaseAndNode() throws Exception {
        pgData = Files.createTempDirectory("signet-outage-pg-");
        signetData = Files.createTempDirectory("signet-outage-node-");
        try (ServerSocket free = new ServerSocket(0)) {
            pgPort = free.getLocalPort();
        }
        startPostgres();
        node = TestSignet.start(signetData, Map.of(
                "SIGNET_DATABASE_URL", jdbcUrl(),
                "SIGNET_DATABASE_USER", "postgres",
                "SIGNET_DATABASE_PASSWORD", "postgres"), MutableClock.startingNow());
    }

    @AfterEach
    void stopAll() throws IOException {
        if (node != null) {
            node.stop();
        }
        if (pg != null) {
            pg.close();
        }
        TestSignet.deleteRecursively(signetData);
        TestSignet.deleteRecursively(pgData);
    }

    @Test
    void while_the_database_is_down_requests_answer_503_quickly_and_change_nothing_and_the_node_recovers_by_itself()
            throws Exception {
        WebClient signedIn = node.client();
        assertThat(signedIn.login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(signedIn.get("/account").statusCode()).isEqualTo(200);
        Map<String, Long> before = rowCounts();

        pg.close();
        pg = null;

        long start = System.nanoTime();
        HttpResponse<String> page = signedIn.get("/account");
        assertQuick(start);
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("cannot reach its database");

        start = System.nanoTime();
        ApiClient.Response api = node.api().get("/users");
        assertQuick(start);
        assertThat(api.status()).isEqualTo(503);
        assertThat(api.contentType()).startsWith(ApiClient.PROBLEM_JSON);
        assertThat(api.json().get("detail").asText()).contains("cannot reach its database");

        start = System.nanoTime();
        assertThat(status("/health/ready")).isEqualTo(503);
        assertQuick(start);
        assertThat(status("/health/live")).isEqualTo(200);

        WebClient stranger = node.client();
        start = System.nanoTime();
        HttpResponse<String> login = stranger.login("admin", TestSignet.ADMIN_PASSWORD);
        assertQuick(start);
        assertThat(login.statusCode()).isEqualTo(503);
        assertThat(stranger.cookie("signet_session")).isNull();

        startPostgres();

        assertThat(readyWithin(30_000)).isTrue();
        assertThat(rowCounts()).as("nothing written by the requests during the outage").isEqualTo(before);
        assertThat(signedIn.get("/account").statusCode()).as("the session from before the outage").isEqualTo(200);
        assertThat(node.api().get("/users").status()).isEqualTo(200);
        assertThat(node.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
    }

    private void startPostgres() throws IOException {
        pg = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                .start();
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + pgPort + "/postgres";
    }

    private static void assertQuick(long startNanos) {
        assertThat((System.nanoTime() - startNanos) / 1_000_000).as("milliseconds to answer").isLessThan(QUICK_MILLIS);
    }

    private int status(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private boolean readyWithin(long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (status("/health/ready") == 200) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Rows a login or a page view could write. */
    private Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres")) {
            for (String table : new String[] {"sso_sessions", "audit_events", "login_failures", "users"}) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
