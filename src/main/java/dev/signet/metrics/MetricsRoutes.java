package dev.signet.metrics;

import dev.signet.metrics.MetricsAccess.Decision;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** GET /metrics in the Prometheus text format, or OpenMetrics when the scraper asks for it. */
public final class MetricsRoutes {
    public static final String PATH = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final Metrics metrics;
    private final MetricsAccess access;

    public MetricsRoutes(Metrics metrics, MetricsAccess access) {
        this.metrics = metrics;
        this.access = access;
    }

    public void register(RoutesConfig routes) {
        routes.get(PATH, this::scrape);
    }

    private void scrape(Context ctx) throws IOException {
        Decision decision = access.decide(new MetricsAccess.Request() {
            @Override
            public String remoteAddress() {
                // The TCP peer, deliberately not the X-Forwarded-For address even where that is trusted.
                return ctx.req().getRemoteAddr();
            }

            @Override
            public String header(String name) {
                return ctx.header(name);
            }
        });
        switch (decision) {
            case TOKEN_REQUIRED -> {
                ctx.header("WWW-Authenticate", "Bearer realm=\"signet-metrics\"");
                ctx.status(401).contentType("text/plain; charset=utf-8").result("Metrics need the bearer token set in metrics.token.\n");
            }
            case NOT_LOCAL -> ctx.status(403).contentType("text/plain; charset=utf-8")
                    .result("Metrics are served to local requests only; set metrics.token to scrape them from elsewhere.\n");
            case ALLOWED -> {
                String accept = ctx.header("Accept");
                String format = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : PROMETHEUS_TEXT;
                ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
                metrics.scrape(body, format);
                ctx.status(200).contentType(format).result(body.toByteArray());
            }
        }
    }
}
