package dev.signet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsScrapeTest {
    private static final String TEXT = """
            # HELP signet_db_round_trips_total JDBC round trips
            # TYPE signet_db_round_trips_total counter
            signet_db_round_trips_total{method="GET",route="/login"} 10.0
            signet_db_round_trips_total{method="POST",route="/login"} 42.0
            signet_db_round_trips_total{method="GET",route="/application/saml/{slug}/sso/binding/init"} 7.0
            signet_db_round_trips_total{method="none",route="background"} 3.0
            http_server_requests_seconds_count{method="POST",route="/login",status="303"} 8
            http_server_requests_seconds_count{method="POST",route="/login",status="401"} 2
            http_server_requests_seconds_sum{method="POST",route="/login",status="303"} 0.5
            jvm_threads_live_threads 31.0
            odd_label{note="a \\"quoted\\" value, with {braces}"} 1.0
            """;

    @Test
    void round_trips_are_read_by_method_and_route_template() {
        MetricsScrape m = MetricsScrape.parse(TEXT);

        assertThat(m.has(MetricsScrape.ROUND_TRIPS)).isTrue();
        assertThat(m.roundTrips("POST", "/login")).isEqualTo(42.0);
        assertThat(m.roundTrips("GET", "/application/saml/{slug}/sso/binding/init")).isEqualTo(7.0);
        assertThat(m.allRoundTrips()).isEqualTo(62.0);
    }

    @Test
    void requests_add_up_over_statuses_and_ignore_the_sums() {
        MetricsScrape m = MetricsScrape.parse(TEXT);

        assertThat(m.requests("POST", "/login")).isEqualTo(10.0);
        assertThat(m.sum("jvm_threads_live_threads", s -> true)).isEqualTo(31.0);
        assertThat(m.samples()).anyMatch(s -> s.label("note").equals("a \"quoted\" value, with {braces}"));
    }

    @Test
    void a_scrape_without_the_counter_says_so() {
        MetricsScrape m = MetricsScrape.parse("jvm_threads_live_threads 31.0\n");

        assertThat(m.has(MetricsScrape.ROUND_TRIPS)).isFalse();
        assertThat(m.allRoundTrips()).isZero();
    }
}
