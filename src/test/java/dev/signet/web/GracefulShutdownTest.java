package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping a node (what the SIGTERM hook in Main does: {@code Signet.close()}) lets the requests in flight finish
 * with their normal answer, and refuses new connections from then on.
 */
class GracefulShutdownTest {

    @Test
    void logins_in_flight_when_the_node_stops_finish_with_their_normal_answer() throws Exception {
        // Argon2 costly enough that a login takes a noticeable time, so the stop lands while they run.
        TestSignet node = TestSignet.start(Map.of(
                "SIGNET_PASSWORD_ARGON2_MEMORY_KIB", "65536",
                "SIGNET_PASSWORD_ARGON2_ITERATIONS", "12",
                "SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "1000"));
        boolean stopped = false;
        try {
            List<WebClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WebClient client = node.client();
                client.get("/login"); // the CSRF cookie, before the stop
                clients.add(client);
            }
            long oneLogin = timeOneLogin(node);

            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (WebClient client : clients) {
                inFlight.add(CompletableFuture.supplyAsync(() -> client.post("/login",
                        Map.of("username", "admin", "password", TestSignet.ADMIN_PASSWORD))));
            }
            Thread.sleep(Math.max(100, oneLogin / 4)); // requests received, hashing under way
            URI live = URI.create(node.baseUrl() + "/health/live"); // the port is gone once stopped
            node.signet().close();
            stopped = true;

            for (CompletableFuture<HttpResponse<String>> login : inFlight) {
                HttpResponse<String> response = login.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as("a login in flight at the stop").isEqualTo(303);
                assertThat(response.headers().firstValue("Location")).hasValue("/");
            }
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(live).build(),
                    HttpResponse.BodyHandlers.discarding()))
                    .as("a new connection after the stop").isInstanceOf(IOException.class);
        } finally {
            if (!stopped) {
                node.close();
            } else {
                TestDatabase.dropFor(node.dataDir);
                TestSignet.deleteRecursively(node.dataDir);
            }
        }
    }

    private static long timeOneLogin(TestSignet node) {
        long start = System.nanoTime();
        assertThat(node.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        return (System.nanoTime() - start) / 1_000_000;
    }
}
