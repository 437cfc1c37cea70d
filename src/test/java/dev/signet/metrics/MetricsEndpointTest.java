package dev.signet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.saml.SamlTestKit;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics after real sign-ins and SAML sign-ons: each meter with the labels a dashboard groups by. */
class MetricsEndpointTest {
    static final String PASSWORD = "metrics-user-password";

    /** A fresh server per test: counters start at zero. */
    @RegisterExtension
    final SignetServer server = SignetServer.withDefaults();

    @Test
    void logins_are_counted_by_outcome() {
        server.api().createUser("counted", PASSWORD);
        assertThat(server.client().login("counted", PASSWORD).statusCode()).isEqualTo(303);
        WebClient attacker = server.client();
        for (int i = 0; i < 5; i++) {
            attacker.login("counted", "wrong password " + i);
        }
        attacker.login("counted", "wrong password, throttled now");
        attacker.login("", "");

        String metrics = scrape();
        assertThat(Scrape.value(metrics, "signet_logins_total", "outcome=\"success\"")).isEqualTo(1.0);
        assertThat(Scrape.value(metrics, "signet_logins_total", "outcome=\"failure\"")).as("five wrong passwords, one empty form")
                .isEqualTo(6.0);
        assertThat(Scrape.value(metrics, "signet_logins_total", "outcome=\"throttled\"")).isEqualTo(1.0);
        assertThat(metrics).contains("# TYPE signet_logins_total counter");
    }

    @Test
    void sso_answers_are_counted_by_application_and_outcome() {
        SamlTestKit.createSamlApp(server, "counted-app", SamlTestKit.defaultProvider());
        server.api().createUser("sso-user", PASSWORD);
        WebClient browser = server.client();
        browser.login("sso-user", PASSWORD);

        HttpResponse<String> issued = browser.get("/application/saml/counted-app/sso/binding/init");
        assertThat(SamlTestKit.formFields(issued.body())).containsKey("SAMLResponse");
        String oldVersion = SamlTestKit.authnRequest("_req-old-version", SamlTestKit.SP, Instant.now(), Map.of("Version", "1.0"), null);
        HttpResponse<String> rejected = browser.get("/application/saml/counted-app/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(oldVersion, null));
        assertThat(SamlTestKit.formFields(rejected.body())).as("a status response to the SP").containsKey("SAMLResponse");
        assertThat(browser.get("/application/saml/counted-app/sso/binding/redirect?SAMLRequest=not-saml").statusCode()).isEqualTo(400);
        assertThat(browser.get("/application/saml/made-up-slug/sso/binding/init").statusCode()).isEqualTo(404);

        String metrics = scrape();
        assertThat(Scrape.value(metrics, "signet_sso_responses_total", "application=\"counted-app\"", "outcome=\"success\"")).isEqualTo(1.0);
        assertThat(Scrape.value(metrics, "signet_sso_responses_total", "application=\"counted-app\"", "outcome=\"rejected\"")).isEqualTo(1.0);
        assertThat(Scrape.value(metrics, "signet_sso_responses_total", "application=\"counted-app\"", "outcome=\"refused\"")).isEqualTo(1.0);
        assertThat(Scrape.value(metrics, "signet_sso_responses_total", "application=\"_unknown\"", "outcome=\"refused\"")).isEqualTo(1.0);
        assertThat(metrics).as("an invented slug adds no series").doesNotContain("made-up-slug");
    }

    @Test
    void request_latency_is_a_histogram_by_method_route_template_and_status() {
        SamlTestKit.createSamlApp(server, "timed-one", SamlTestKit.defaultProvider());
        SamlTestKit.createSamlApp(server, "timed-two", SamlTestKit.defaultProvider());
        WebClient browser = server.client();
        assertThat(browser.get("/application/saml/timed-one/metadata").statusCode()).isEqualTo(200);
        assertThat(browser.get("/application/saml/timed-two/metadata").statusCode()).isEqualTo(200);
        assertThat(browser.get("/no/such/page/" + "x".repeat(20)).statusCode()).isEqualTo(404);
        assertThat(browser.get("/static/signet.css").statusCode()).isEqualTo(200);

        String metrics = scrape();
        String[] metadata = {"method=\"GET\"", "route=\"/application/saml/{slug}/metadata\"", "status=\"200\""};
        assertThat(Scrape.value(metrics, "http_server_requests_seconds_count", metadata)).as("both slugs, one series").isEqualTo(2.0);
        assertThat(Scrape.value(metrics, "http_server_requests_seconds_bucket", concat(metadata, "le=\"+Inf\""))).isEqualTo(2.0);
        assertThat(Scrape.value(metrics, "http_server_requests_seconds_bucket", concat(metadata, "le=\"10.0\""))).isEqualTo(2.0);
        assertThat(Scrape.value(metrics, "http_server_requests_seconds_sum", metadata)).isPositive();
        assertThat(Scrape.value(metrics, "http_server_requests_seconds_count", "route=\"unmatched\"", "status=\"404\"")).isEqualTo(1.0);
        assertThat(Scrape.value(metrics, "http_server_requests_seconds_count", "route=\"/static/*\"", "status=\"200\"")).isEqualTo(1.0);
        assertThat(metrics).doesNotContain("timed-one").doesNotContain("/no/such/page");
        assertThat(metrics).contains("# TYPE http_server_requests_seconds histogram");
    }

    @Test
    void database_pool_and_jvm_meters_are_exposed() {
        String metrics = scrape();
        assertThat(Scrape.value(metrics, "hikaricp_connections_max", "pool=\"signet-db\"")).isEqualTo(10.0);
        assertThat(Scrape.value(metrics, "hikaricp_connections_active", "pool=\"signet-db\"")).isNotNull();
        assertThat(Scrape.value(metrics, "hikaricp_connections_acquire_seconds_count", "pool=\"signet-db\"")).isPositive();
        // One series per heap pool; the young generation's can be 0 right after a collection, so their sum.
        assertThat(Scrape.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
        assertThat(Scrape.value(metrics, "jvm_threads_states_threads", "state=\"runnable\"")).isPositive();
        assertThat(metrics).contains("jvm_gc_", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ", "system_cpu_count ",
                "process_uptime_seconds ");
    }

    @Test
    void serves_the_prometheus_text_format_or_openmetrics_when_asked() {
        HttpResponse<String> text = server.client().get("/metrics");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(text.body()).doesNotContain("# EOF");

        HttpResponse<String> open = server.client().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").GET().build());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(open.body()).contains("signet_logins_total").endsWith("# EOF\n");
    }

    private String scrape() {
        HttpResponse<String> r = server.client().get("/metrics");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
