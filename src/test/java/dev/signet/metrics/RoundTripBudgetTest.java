package dev.signet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database cost model of a cluster: a password sign-in (GET /login + POST /login) makes at most 5
 * round trips and an IdP-initiated SSO to an AWS application at most 2, as signet_db_round_trips_total
 * counts them per route. Counts, not times: the same on every machine (on H2 and on PostgreSQL).
 */
class RoundTripBudgetTest {
    private static final String PASSWORD = "round-trip-user-password";
    private static final String LOGIN_GET = "route=\"/login\"";
    private static final String SSO = "route=\"/application/saml/{slug}/sso/binding/init\"";

    @RegisterExtension
    final SignetServer server = SignetServer.withDefaults();

    @Test
    void a_password_sign_in_makes_at_most_five_round_trips() {
        awsUser("login-user");
        WebClient browser = server.client();
        double before = roundTrips(LOGIN_GET, "method=\"GET\"") + roundTrips(LOGIN_GET, "method=\"POST\"");
        assertThat(browser.login("login-user", PASSWORD).statusCode()).isEqualTo(303);
        double made = roundTrips(LOGIN_GET, "method=\"GET\"") + roundTrips(LOGIN_GET, "method=\"POST\"") - before;
        assertThat(made).as("GET /login + POST /login").isBetween(1.0, 5.0);
    }

    @Test
    void an_idp_initiated_sso_makes_at_most_two_round_trips() {
        awsUser("sso-user");
        WebClient browser = server.client();
        browser.login("sso-user", PASSWORD);
        // The first sign-on also fills this node's provider, mapping and AWS caches; steady state is what a
        // cluster pays per request. The least of a few in a row: a cache may expire (2 s) in between on a slow machine.
        assertThat(sso(browser)).isGreaterThan(0.0);
        double least = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            least = Math.min(least, sso(browser));
        }
        assertThat(least).as("round trips of one SSO").isBetween(1.0, 2.0);
    }

    @Test
    void an_sp_initiated_sso_adds_only_the_replay_record() {
        SamlTestKit.createSamlApp(server, "sp-app", SamlTestKit.defaultProvider());
        server.api().createUser("sp-user", PASSWORD);
        WebClient browser = server.client();
        browser.login("sp-user", PASSWORD);
        String route = "route=\"/application/saml/{slug}/sso/binding/redirect\"";
        double least = Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            double before = roundTrips(route, "method=\"GET\"");
            String request = SamlTestKit.authnRequest("_rt-" + i, SamlTestKit.SP, java.time.Instant.now(), java.util.Map.of(), null);
            HttpResponse<String> answer = browser.get("/application/saml/sp-app/sso/binding/redirect?"
                    + SamlTestKit.redirectQuery(request, null));
            assertThat(SamlTestKit.formFields(answer.body())).containsKey("SAMLResponse");
            least = Math.min(least, roundTrips(route, "method=\"GET\"") - before);
        }
        assertThat(least).as("session, groups, the request ID against replay and its commit").isBetween(1.0, 4.0);
    }

    @Test
    void work_outside_requests_is_counted_as_background() {
        String metrics = scrape();
        assertThat(Scrape.value(metrics, "signet_db_round_trips_total", "route=\"background\"", "method=\"none\""))
                .as("start-up: migrations, first-start work").isGreaterThan(0.0);
    }

    private double sso(WebClient browser) {
        double before = roundTrips(SSO, "method=\"GET\"");
        HttpResponse<String> answer = browser.get("/application/saml/aws/sso/binding/init");
        assertThat(SamlTestKit.formFields(answer.body())).containsKey("SAMLResponse");
        return roundTrips(SSO, "method=\"GET\"") - before;
    }

    /** A user in a group that the AWS application "aws" maps to three roles. */
    private void awsUser(String username) {
        ApiClient api = server.api();
        String userId = api.createUser(username, PASSWORD);
        api.patch("/users/" + userId, "{\"email\":\"" + username + "@example.com\"}");
        String groupId = api.createGroup("aws-" + username);
        api.addMember(groupId, userId);
        String roles = "[{\"group\":\"aws-" + username + "\",\"account\":\"123456789012\",\"role\":\"Admin\",\"provider\":\"Signet\"},"
                + "{\"group\":\"aws-" + username + "\",\"account\":\"123456789012\",\"role\":\"ReadOnly\",\"provider\":\"Signet\"}]";
        assertThat(api.post("/aws/applications", "{\"slug\":\"aws\",\"name\":\"AWS\",\"roles\":" + roles + "}").status())
                .isEqualTo(201);
    }

    private double roundTrips(String... labels) {
        Double value = Scrape.value(scrape(), "signet_db_round_trips_total", labels);
        return value == null ? 0.0 : value;
    }

    private String scrape() {
        HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
