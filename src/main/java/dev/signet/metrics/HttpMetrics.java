package dev.signet.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * http_server_requests_seconds: a latency histogram by method, route template and status. Routes are
 * templates ({@code /application/saml/{slug}/metadata}), never raw paths, so the number of series stays
 * bounded whatever clients request.
 */
public final class HttpMetrics {
    static final String NAME = "http.server.requests";
    /** The route of requests no route matched (404s, probes). */
    public static final String UNMATCHED = "unmatched";
    /** Bucket bounds: from a cached page to a slow password hash under load. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private record Key(String method, String route, int status) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String method, String route, int status, long nanos) {
        timers.computeIfAbsent(new Key(method, route, status), this::register).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(Key k) {
        return Timer.builder(NAME).description("HTTP requests by method, route template and status")
                .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status()))
                .serviceLevelObjectives(BUCKETS).register(registry);
    }
}
