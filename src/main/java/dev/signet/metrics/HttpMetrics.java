package dev.signet.metrics;

import dev.signet.storage.RoundTripCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * http_server_requests_seconds: a latency histogram by method, route template and status; and
 * signet_db_round_trips_total: the database round trips made by requests, by method and route template
 * (route {@code background}, method {@code none}: all the rest — audit batches, settings reloads,
 * housekeeping, start-up). Divided by the requests of the same route it gives the database cost of
 * one request. Routes are templates ({@code /application/saml/{slug}/metadata}), never raw paths, so the
 * number of series stays bounded whatever clients request.
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

    static final String ROUND_TRIPS = "signet.db.round.trips";
    public static final String BACKGROUND = "background";

    private record Key(String method, String route, int status) {
    }

    private record RouteKey(String method, String route) {
    }

    private final MeterRegistry registry;
    private final RoundTripCounter roundTrips;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RouteKey, Counter> roundTripsByRoute = new ConcurrentHashMap<>();

    public HttpMetrics(MeterRegistry registry, RoundTripCounter roundTrips) {
        this.registry = registry;
        this.roundTrips = roundTrips;
        FunctionCounter.builder(ROUND_TRIPS, roundTrips, RoundTripCounter::outsideRequests)
                .description("Database round trips (statements, commits, rollbacks, checks) by request route")
                .tag("method", "none").tag("route", BACKGROUND).register(registry);
    }

    /** Called when a request starts, on its thread; the result goes to {@link #record}. */
    public long requestStarted() {
        return roundTrips.startRequest();
    }

    /** Records a request that ended on the thread it started on, {@code startMark} from {@link #requestStarted}. */
    public void record(String method, String route, int status, long nanos, long startMark) {
        timers.computeIfAbsent(new Key(method, route, status), this::register).record(nanos, TimeUnit.NANOSECONDS);
        long made = roundTrips.endRequest(startMark);
        if (made > 0) {
            roundTripsByRoute.computeIfAbsent(new RouteKey(method, route), this::register).increment(made);
        }
    }

    private Counter register(RouteKey k) {
        return Counter.builder(ROUND_TRIPS).description("Database round trips (statements, commits, rollbacks, checks) by request route")
                .tag("method", k.method()).tag("route", k.route()).register(registry);
    }

    private Timer register(Key k) {
        return Timer.builder(NAME).description("HTTP requests by method, route template and status")
                .tag("method", k.method()).tag("route", k.route()).tag("status", Integer.toString(k.status()))
                .serviceLevelObjectives(BUCKETS).register(registry);
    }
}
