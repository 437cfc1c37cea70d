package dev.signet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.config.ConfigException;
import dev.signet.config.ConfigLoader;
import dev.signet.testing.SignetServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may read /metrics: with metrics.token, the holder of the token; without, local requests only. */
class MetricsAccessTest {
    static final String TOKEN = "scrape-token-0123456789";

    @Nested
    class WithoutToken {
        @RegisterExtension
        static final SignetServer server = SignetServer.withSettings(Map.of("SIGNET_HTTP_TRUST_FORWARDED_HEADERS", "true"));

        @Test
        void a_request_from_loopback_reads_the_metrics() {
            HttpResponse<String> r = get(server, Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("signet_logins_total");
        }

        @Test
        void a_request_relayed_by_a_proxy_is_refused_even_when_forwarded_headers_are_trusted() {
            for (String header : new String[] {"X-Forwarded-For", "Forwarded", "X-Real-IP"}) {
                HttpResponse<String> r = get(server, Map.of(header, header.equals("Forwarded") ? "for=127.0.0.1" : "127.0.0.1"));
                assertThat(r.statusCode()).as(header).isEqualTo(403);
                assertThat(r.body()).contains("metrics.token").doesNotContain("signet_logins_total");
            }
        }

        @Test
        void a_bearer_token_is_no_use_when_none_is_configured() {
            HttpResponse<String> r = get(server, Map.of("Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "203.0.113.9"));
            assertThat(r.statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class WithToken {
        @RegisterExtension
        static final SignetServer server = SignetServer.withSettings(Map.of("SIGNET_METRICS_TOKEN", TOKEN));

        @Test
        void the_token_is_required_even_from_loopback() {
            HttpResponse<String> r = get(server, Map.of());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(r.body()).doesNotContain("signet_logins_total");
        }

        @Test
        void a_wrong_token_or_scheme_is_refused() {
            assertThat(get(server, Map.of("Authorization", "Bearer " + TOKEN + "x")).statusCode()).isEqualTo(401);
            assertThat(get(server, Map.of("Authorization", "Bearer " + TOKEN.substring(1))).statusCode()).isEqualTo(401);
            assertThat(get(server, Map.of("Authorization", "Basic " + TOKEN)).statusCode()).isEqualTo(401);
            assertThat(get(server, Map.of("Authorization", "Bearer")).statusCode()).isEqualTo(401);
        }

        @Test
        void the_right_token_reads_the_metrics_from_anywhere() {
            HttpResponse<String> r = get(server, Map.of("Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "203.0.113.9"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("signet_logins_total");
            assertThat(get(server, Map.of("Authorization", "bearer " + TOKEN)).statusCode()).as("scheme in any case").isEqualTo(200);
        }
    }

    @Test
    void only_loopback_peers_count_as_local() {
        assertThat(MetricsAccess.isLoopback("127.0.0.1")).isTrue();
        assertThat(MetricsAccess.isLoopback("127.20.30.40")).isTrue();
        assertThat(MetricsAccess.isLoopback("::1")).isTrue();
        assertThat(MetricsAccess.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(MetricsAccess.isLoopback("::ffff:127.0.0.1")).isTrue();
        assertThat(MetricsAccess.isLoopback("10.0.0.1")).isFalse();
        assertThat(MetricsAccess.isLoopback("192.0.2.7")).isFalse();
        assertThat(MetricsAccess.isLoopback("::ffff:192.0.2.7")).isFalse();
        assertThat(MetricsAccess.isLoopback("2001:db8::1")).isFalse();
        assertThat(MetricsAccess.isLoopback("localhost")).as("a name is never looked up").isFalse();
        assertThat(MetricsAccess.isLoopback("")).isFalse();
        assertThat(MetricsAccess.isLoopback(null)).isFalse();
    }

    @Test
    void a_short_or_unprintable_token_is_a_configuration_error() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SIGNET_METRICS_TOKEN", "short"), null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("configuration error: metrics.token:");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SIGNET_METRICS_TOKEN", "sixteen chars with spaces"), null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("configuration error: metrics.token:");
        assertThat(ConfigLoader.load(Map.of("SIGNET_METRICS_TOKEN", TOKEN), null).monitoring().metricsTokenRequired()).isTrue();
        assertThat(ConfigLoader.load(Map.of(), null).monitoring().metricsTokenRequired()).isFalse();
    }

    private static HttpResponse<String> get(SignetServer server, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).GET();
        headers.forEach(request::header);
        return server.client().send(request.build());
    }
}
