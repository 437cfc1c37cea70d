package dev.signet.cluster;

import static dev.signet.cluster.ClusterNodes.PASSWORD;
import static dev.signet.cluster.ClusterNodes.sessionMovedTo;
import static dev.signet.saml.SamlTestKit.SP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.saml.SamlStatus;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.Installation;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Two nodes of one installation, as docs/postgresql.md describes it: the same PostgreSQL database, the
 * same SIGNET_COOKIE_KEY / SIGNET_KEY_ENCRYPTION_KEY / SIGNET_PUBLIC_URL, separate data directories. Always on PostgreSQL
 * (embedded), whichever database the rest of the run uses.
 */
class TwoNodesTest {
    /** SamlProviderService.CACHE_TTL: the documented bound for a provider change to reach other nodes. */
    private static final Duration PROVIDER_CACHE_BOUND = Duration.ofSeconds(2);

    private ClusterNodes cluster;
    private TestSignet a;
    private TestSignet b;

    @BeforeEach
    void startTwoNodes() throws Exception {
        // One clock for both, as NTP gives real nodes: throttle windows, session expiry and IssueInstant
        // checks read it. The provider cache does not (System.nanoTime), so the provider-change test waits for real.
        // A makes the default keypair at first start; B can sign only because the key-encryption key is shared.
        cluster = ClusterNodes.start(Map.of("SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "4"));
        a = cluster.a;
        b = cluster.b;
        a.api().createUser("alice", PASSWORD);
    }

    @AfterEach
    void stopNodes() {
        cluster.close();
    }

    @Test
    void a_session_started_on_one_node_works_on_the_other_for_the_portal_and_sso() {
        SamlTestKit.createSamlApp(a.api(), "wiki", SamlTestKit.defaultProvider());
        WebClient onB = sessionMovedTo(b, signedIn(a));

        HttpResponse<String> portal = onB.get("/");
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains("Your applications").contains("alice").contains("/application/launch/wiki");
        HttpResponse<String> sso = onB.get("/application/saml/wiki/sso/binding/init");
        assertThat(sso.statusCode()).as(sso.body()).isEqualTo(200);
        Document response = SamlTestKit.parse(SamlTestKit.decodeResponse(b.client(), sso.body()));
        assertThat(SamlTestKit.status(response)[0]).isEqualTo(SamlStatus.SUCCESS);
        assertThat(SamlTestKit.find(response, "Issuer").getTextContent()).isEqualTo(Installation.PUBLIC_URL + "/application/saml/wiki/");
    }

    @Test
    void a_form_served_by_one_node_is_accepted_by_the_other_and_signing_out_there_ends_the_session_everywhere() {
        WebClient onA = signedIn(a);
        onA.get("/"); // the portal's sign-out form, CSRF token made with A's cookie key
        WebClient onB = sessionMovedTo(b, onA);

        HttpResponse<String> out = onB.post("/logout", Map.of("csrf", onA.csrf()));
        assertThat(out.statusCode()).as("a token from A checked on B: " + out.body()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login?signed_out");
        assertThat(onA.get("/").statusCode()).as("the session is gone on A too").isEqualTo(302);
    }

    @Test
    void a_provider_change_made_on_one_node_reaches_the_other_within_the_cache_bound() throws Exception {
        String app = SamlTestKit.createSamlApp(a.api(), "crm", provider("https://crm.example.com/old"));
        WebClient onB = sessionMovedTo(b, signedIn(a));
        assertThat(relayState(onB, "crm")).isEqualTo("https://crm.example.com/old"); // now in B's cache

        ApiClient.Response changed = a.api().put("/applications/" + app + "/saml", provider("https://crm.example.com/new"));
        assertThat(changed.status()).as(changed.body()).isIn(200, 201);
        long start = System.nanoTime();
        // The cache runs on wall time (System.nanoTime), not on the injected clock, so this waits for real.
        String seen = relayState(onB, "crm");
        while (!seen.endsWith("/new") && System.nanoTime() - start < PROVIDER_CACHE_BOUND.plusSeconds(3).toNanos()) {
            Thread.sleep(100);
            seen = relayState(onB, "crm");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(seen).isEqualTo("https://crm.example.com/new");
        // one poll interval and a request of slack over the bound
        assertThat(took).isLessThan(PROVIDER_CACHE_BOUND.plusMillis(1000));
    }

    @Test
    void an_authn_request_answered_on_one_node_is_refused_when_replayed_on_the_other() {
        SamlTestKit.createSamlApp(a.api(), "tickets", SamlTestKit.defaultProvider());
        WebClient onA = signedIn(a);
        WebClient onB = sessionMovedTo(b, onA);
        String query = SamlTestKit.redirectQuery(
                SamlTestKit.authnRequest("_cluster-replay-1", SP, a.clock.instant(), Map.of(), null), "rs");

        Document first = SamlTestKit.parse(SamlTestKit.decodeResponse(onA,
                onA.get("/application/saml/tickets/sso/binding/redirect?" + query).body()));
        assertThat(SamlTestKit.status(first)[0]).isEqualTo(SamlStatus.SUCCESS);
        assertThat(first.getDocumentElement().getAttribute("InResponseTo")).isEqualTo("_cluster-replay-1");

        Document replay = SamlTestKit.parse(SamlTestKit.decodeResponse(onB,
                onB.get("/application/saml/tickets/sso/binding/redirect?" + query).body()));
        assertThat(SamlTestKit.status(replay)).containsExactly(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED);
        assertThat(SamlTestKit.find(replay, "Assertion")).isNull();
    }

    @Test
    void login_failures_on_both_nodes_add_up_to_one_throttle() {
        for (TestSignet node : List.of(a, b, a, b)) {
            assertThat(node.client().login("alice", "wrong guess").statusCode()).isEqualTo(401);
        }
        assertThat(a.client().login("alice", PASSWORD).statusCode()).isEqualTo(429);
        assertThat(b.client().login("alice", PASSWORD).statusCode()).isEqualTo(429);

        a.clock.advance(Duration.ofMinutes(16)); // the shared clock: the window passes on both
        assertThat(b.client().login("alice", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void when_one_node_stops_in_a_stream_of_sso_requests_the_other_answers_them_all() throws Exception {
        SamlTestKit.createSamlApp(a.api(), "mail", SamlTestKit.defaultProvider());
        WebClient startedOnA = signedIn(a);
        WebClient sameSessionOnB = sessionMovedTo(b, startedOnA);
        List<String> usersCreatedOnA = new ArrayList<>();
        List<WebClient> sessionsStartedOnA = new ArrayList<>();

        ExecutorService stopper = Executors.newSingleThreadExecutor();
        int answeredByA = 0;
        int failedOver = 0;
        try {
            Future<?> stopped = null;
            for (int i = 0; i < 40; i++) {
                if (i == 15) {
                    stopped = stopper.submit(a::stop); // while requests keep coming
                }
                boolean toA = i % 2 == 0;
                HttpResponse<String> page = toA ? tryOn(startedOnA, "mail") : null;
                if (toA && page != null && page.statusCode() == 200) {
                    answeredByA++;
                    writeThroughA(i, usersCreatedOnA, sessionsStartedOnA);
                } else {
                    // what a load balancer does when a node is gone: the same request to the other node
                    if (toA) {
                        failedOver++;
                    }
                    page = sameSessionOnB.get("/application/saml/mail/sso/binding/init");
                    assertThat(page.statusCode()).as("request " + i + " on B: " + page.body()).isEqualTo(200);
                }
                Document response = SamlTestKit.parse(SamlTestKit.decodeResponse(sameSessionOnB, page.body()));
                assertThat(SamlTestKit.status(response)[0]).as("request " + i).isEqualTo(SamlStatus.SUCCESS);
            }
            stopped.get(60, TimeUnit.SECONDS);
        } finally {
            stopper.shutdownNow();
        }
        assertThat(answeredByA).as("requests A answered before it stopped").isPositive();
        assertThat(failedOver).as("requests meant for A after it stopped").isPositive();

        // A is gone for good: what it committed, users and sessions, is all there on B.
        assertThat(sameSessionOnB.get("/").body()).contains("alice");
        assertThat(usersCreatedOnA).isNotEmpty();
        for (String id : usersCreatedOnA) {
            assertThat(b.api().get("/users/" + id).status()).as("user " + id).isEqualTo(200);
        }
        assertThat(sessionsStartedOnA).isNotEmpty();
        for (WebClient session : sessionsStartedOnA) {
            HttpResponse<String> sso = sessionMovedTo(b, session).get("/application/saml/mail/sso/binding/init");
            assertThat(sso.statusCode()).as(sso.body()).isEqualTo(200);
        }
    }

    /** Writes through A while it may be stopping; keeps only what A said it committed. */
    private void writeThroughA(int i, List<String> users, List<WebClient> sessions) {
        try {
            ApiClient.Response created = a.api().post("/users",
                    "{\"username\":\"stream" + i + "\",\"password\":\"" + PASSWORD + "\"}");
            if (created.status() == 201) {
                users.add(created.json().get("id").asText());
            }
            WebClient browser = a.client();
            if (browser.login("alice", PASSWORD).statusCode() == 303) {
                sessions.add(browser);
            }
        } catch (UncheckedIOException e) {
            // A went away in between: nothing was acknowledged, so nothing is expected on B
        }
    }

    /** One SSO request to a node that may be stopping: null when the connection fails. */
    private static HttpResponse<String> tryOn(WebClient client, String slug) {
        try {
            return client.get("/application/saml/" + slug + "/sso/binding/init");
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private static WebClient signedIn(TestSignet node) {
        return ClusterNodes.signedIn(node, "alice");
    }

    private static String provider(String relayState) {
        return "{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + SamlTestKit.ACS + "\",\"defaultRelayState\":\"" + relayState + "\"}";
    }

    private static String relayState(WebClient browser, String slug) {
        HttpResponse<String> page = browser.get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return SamlTestKit.formFields(page.body()).get("RelayState");
    }
}
