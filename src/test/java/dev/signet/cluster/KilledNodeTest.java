package dev.signet.cluster;

import static dev.signet.cluster.ClusterNodes.PASSWORD;
import static dev.signet.cluster.ClusterNodes.sessionMovedTo;
import static dev.signet.cluster.ClusterNodes.signedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.saml.SamlStatus;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.Installation;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.MutableClock;
import dev.signet.testing.NodeProcess;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Node A of a two-node installation runs in a process of its own and is killed (SIGKILL) or stopped (SIGTERM) in the
 * middle of traffic; node B, in the test JVM, carries on. One installation as in {@link TwoNodesTest}: one PostgreSQL
 * database (embedded, whichever database the rest of the run uses), the same keys and public URL.
 */
class KilledNodeTest {
    private static final String SSO = "/application/saml/mail/sso/binding/init";
    private static final int CLIENTS = 3;
    /** SSO answers A gives before it is killed, so the kill lands in the middle of the stream. */
    private static final int ANSWERS_OF_A_BEFORE_THE_KILL = 9;
    /** Requests each client sends once A is dead, half of them meant for A. */
    private static final int REQUESTS_PER_CLIENT_AFTER_THE_KILL = 6;
    /** Main waits up to 20 s for requests in flight (docs/operations.md); the rest is the JVM stopping. */
    private static final Duration SIGTERM_EXIT_BOUND = Duration.ofSeconds(25);
    /** What the JVM exits with when a SIGTERM started its shutdown: 128 + 15, whatever Main returns afterwards. */
    private static final int EXIT_STATUS_AFTER_SIGTERM = 143;

    private Path shared;
    private final Map<String, String> installation = new HashMap<>();
    private NodeProcess a;
    private TestSignet b;

    @BeforeEach
    void oneInstallation() throws IOException {
        shared = Files.createTempDirectory("signet-cluster-db-");
        installation.putAll(Installation.settingsFor(shared));
    }

    /** A first: it migrates the database and makes the keypair, which B can use only through the shared key. */
    private void startNodes(Map<String, String> onlyForA) throws IOException {
        Map<String, String> settingsOfA = new HashMap<>(installation);
        settingsOfA.putAll(onlyForA);
        a = NodeProcess.start(settingsOfA);
        b = TestSignet.start(Files.createTempDirectory("signet-cluster-node-"), installation, MutableClock.startingNow());
    }

    @AfterEach
    void stopNodes() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        TestDatabase.dropFor(shared);
        TestSignet.deleteRecursively(shared);
    }

    @Test
    void a_node_killed_in_a_stream_of_sso_requests_loses_nothing_it_committed() throws Exception {
        startNodes(Map.of());
        ApiClient adminOnA = a.api();
        assertThat(adminOnA.post("/users", JsonBodies.json("username", "alice", "password", PASSWORD,
                "email", "alice@example.com")).status()).isEqualTo(201);
        SamlTestKit.createSamlApp(adminOnA, "mail", SamlTestKit.defaultProvider());
        List<WebClient> sessionsStartedOnA = new CopyOnWriteArrayList<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        AtomicInteger answeredByA = new AtomicInteger();
        AtomicInteger failedOver = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        WritesThroughA writes = new WritesThroughA();

        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            List<Future<?>> streams = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                WebClient onA = signedIn(a.client(), "alice");
                sessionsStartedOnA.add(onA);
                WebClient onB = sessionMovedTo(b, onA);
                streams.add(pool.submit(() -> streamSso(onA, onB, answers, answeredByA, failedOver, killed)));
            }
            Future<?> writer = pool.submit(() -> writeThroughAUntilItDies(writes));

            awaitTrue(() -> answeredByA.get() >= ANSWERS_OF_A_BEFORE_THE_KILL || streams.stream().anyMatch(Future::isDone),
                    Duration.ofMinutes(3), "A answering " + ANSWERS_OF_A_BEFORE_THE_KILL + " SSO requests");
            a.kill();
            killed.set(true);

            for (Future<?> stream : streams) {
                join(stream);
            }
            join(writer);
        } finally {
            pool.shutdownNow();
        }
        assertThat(answeredByA.get()).as("requests A answered before it died").isGreaterThanOrEqualTo(ANSWERS_OF_A_BEFORE_THE_KILL);
        assertThat(failedOver.get()).as("requests meant for A that B answered after the kill").isPositive();

        // Every request of the stream got a signed SAMLResponse in the end, from A or from B: one IdP to the SP.
        WebClient sp = b.client();
        for (String answer : answers) {
            Document response = SamlTestKit.parse(SamlTestKit.decodeResponse(sp, answer));
            assertThat(SamlTestKit.status(response)[0]).isEqualTo(SamlStatus.SUCCESS);
        }

        // Every session A created, up to its last moments, works on B for the user it was made for.
        assertThat(writes.sessions).isNotEmpty();
        for (WebClient session : sessionsStartedOnA) {
            assertThat(ssoOn(sessionMovedTo(b, session))).contains("alice@example.com");
        }
        writes.sessions.forEach((username, session) ->
                assertThat(ssoOn(sessionMovedTo(b, session))).as(username).contains(username + "@example.com"));

        // Every user A acknowledged is on B as A stored it.
        assertThat(writes.acknowledged).isNotEmpty();
        ApiClient adminOnB = b.api();
        writes.acknowledged.forEach((username, id) -> {
            ApiClient.Response user = adminOnB.get("/users/" + id);
            assertThat(user.status()).as(username).isEqualTo(200);
            assertThat(user.json().get("username").asText()).isEqualTo(username);
            assertThat(user.json().get("attributes").get("desk").asText()).isEqualTo("desk of " + username);
        });

        // Nothing half-written: a user row and its user.created audit event are one transaction, so the user whose
        // creation was in flight at the kill (its answer never came) is either there with its event or absent with it.
        Set<String> stored = streamUsers("SELECT username FROM users WHERE username LIKE 'stream%'");
        Set<String> audited = streamUsers("SELECT subject_username FROM audit_events"
                + " WHERE event_type = 'user.created' AND subject_username LIKE 'stream%'");
        assertThat(stored).isEqualTo(audited).containsAll(writes.acknowledged.keySet());
        Set<String> attempted = new TreeSet<>(writes.acknowledged.keySet());
        if (writes.inDoubt != null) {
            attempted.add(writes.inDoubt);
        }
        assertThat(attempted).containsAll(stored);
    }

    @Test
    void sigterm_lets_logins_in_flight_finish_and_the_process_exit() throws Exception {
        // Argon2 costly on A, as in GracefulShutdownTest, so the logins are still hashing when the signal comes;
        // a hashing thread each, so none waits behind the others.
        startNodes(Map.of(
                "SIGNET_PASSWORD_ARGON2_MEMORY_KIB", "65536",
                "SIGNET_PASSWORD_ARGON2_ITERATIONS", "12",
                "SIGNET_PASSWORD_HASHING_THREADS", "3"));
        assertThat(a.api().post("/users", JsonBodies.json("username", "alice", "password", PASSWORD,
                "email", "alice@example.com")).status()).isEqualTo(201);
        SamlTestKit.createSamlApp(a.api(), "mail", SamlTestKit.defaultProvider());
        List<WebClient> browsers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WebClient browser = a.client();
            browser.get("/login"); // the CSRF cookie and token, before the signal
            browsers.add(browser);
        }
        long oneLogin = timeOneLogin(a.client());

        ExecutorService pool = Executors.newFixedThreadPool(browsers.size());
        List<Future<TimedAnswer>> inFlight = new ArrayList<>();
        long signalled;
        int status;
        try {
            CountDownLatch sending = new CountDownLatch(browsers.size());
            for (WebClient browser : browsers) {
                inFlight.add(pool.submit(() -> {
                    sending.countDown();
                    HttpResponse<String> answer = browser.post("/login", Map.of("username", "alice", "password", PASSWORD));
                    return new TimedAnswer(answer, System.nanoTime());
                }));
            }
            assertThat(sending.await(1, TimeUnit.MINUTES)).isTrue();
            Thread.sleep(Math.max(300, oneLogin / 4)); // received and hashing; the answers' times below check it
            signalled = System.nanoTime();
            status = a.terminate(SIGTERM_EXIT_BOUND);
        } finally {
            pool.shutdownNow();
        }

        assertThat(status).as("exit status after SIGTERM").isEqualTo(EXIT_STATUS_AFTER_SIGTERM);
        for (Future<TimedAnswer> login : inFlight) {
            TimedAnswer answer = join(login);
            assertThat(answer.at()).as("the login was still in flight at the signal").isGreaterThan(signalled);
            assertThat(answer.response().statusCode()).as("a login in flight at the signal").isEqualTo(303);
            assertThat(answer.response().headers().firstValue("Location")).hasValue("/");
        }
        for (WebClient browser : browsers) {
            assertThat(ssoOn(sessionMovedTo(b, browser))).as("a session A made while stopping, used on B")
                    .contains("alice@example.com");
        }
    }

    private record TimedAnswer(HttpResponse<String> response, long at) {
    }

    /** What the writer got through A: users it acknowledged (username to ID), their sessions, the one in doubt. */
    private static final class WritesThroughA {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final Map<String, WebClient> sessions = new ConcurrentHashMap<>();
        volatile String inDoubt;
    }

    /**
     * SSO requests alternating A and B until this client has sent a few after the kill; one that cannot reach A goes
     * to B, as a load balancer would resend it. Every answer must be the auto-post page.
     */
    private Void streamSso(WebClient onA, WebClient onB, List<String> answers, AtomicInteger answeredByA,
                           AtomicInteger failedOver, AtomicBoolean killed) {
        int afterKill = 0;
        for (int i = 0; afterKill < REQUESTS_PER_CLIENT_AFTER_THE_KILL; i++) {
            assertThat(i).as("requests sent without A being killed").isLessThan(2000);
            boolean sentAfterKill = killed.get();
            HttpResponse<String> page = null;
            if (i % 2 == 0) {
                page = tryOn(onA);
                if (page != null) {
                    answeredByA.incrementAndGet();
                } else {
                    failedOver.incrementAndGet();
                }
            }
            if (page == null) {
                page = onB.get(SSO);
            }
            assertThat(page.statusCode()).as("request " + i + ": " + page.body()).isEqualTo(200);
            answers.add(page.body());
            if (sentAfterKill) {
                afterKill++;
            }
        }
        return null;
    }

    /** Creates users through A and signs each in there, until A is gone. */
    private Void writeThroughAUntilItDies(WritesThroughA writes) {
        ApiClient admin = a.api();
        for (int i = 0; ; i++) {
            String username = "stream" + i;
            ApiClient.Response created;
            try {
                created = admin.post("/users", JsonBodies.json("username", username, "password", PASSWORD,
                        "email", username + "@example.com", "attributes", Map.of("desk", "desk of " + username)));
            } catch (UncheckedIOException e) {
                writes.inDoubt = username; // sent, or about to be, when A died: whether it committed is unknown
                return null;
            }
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            writes.acknowledged.put(username, created.json().get("id").asText());
            WebClient browser = a.client();
            try {
                HttpResponse<String> login = browser.login(username, PASSWORD);
                assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
            } catch (UncheckedIOException e) {
                return null; // A died before it answered: the session may or may not exist, nothing is expected of it
            }
            writes.sessions.put(username, browser);
        }
    }

    /** The usernames a query on the shared database returns. */
    private Set<String> streamUsers(String sql) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = TestDatabase.connect(shared); ResultSet rows = c.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** One IdP-initiated SSO; returns the SAMLResponse XML after checking it is a success. */
    private static String ssoOn(WebClient browser) {
        HttpResponse<String> page = browser.get(SSO);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String value = SamlTestKit.formFields(page.body()).get("SAMLResponse");
        assertThat(value).as("SAMLResponse in: " + page.body()).isNotNull();
        String xml = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        assertThat(SamlTestKit.status(SamlTestKit.parse(xml))[0]).as(xml).isEqualTo(SamlStatus.SUCCESS);
        return xml;
    }

    /** One SSO request to a node that may be dead: null when the connection fails. */
    private static HttpResponse<String> tryOn(WebClient browser) {
        try {
            return browser.get(SSO);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static long timeOneLogin(WebClient browser) {
        long start = System.nanoTime();
        assertThat(browser.login("alice", PASSWORD).statusCode()).isEqualTo(303);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The result of a task, with a failure inside it (an assertion in a client thread) thrown as itself. */
    private static <T> T join(Future<T> task) throws Exception {
        try {
            return task.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }
}
