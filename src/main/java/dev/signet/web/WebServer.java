package dev.signet.web;

import dev.signet.metrics.HttpMetrics;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds the Javalin server: security headers, request IDs (in the MDC too, so every log line of the
 * request carries it), access log, request metrics, static files and every route module.
 */
public final class WebServer {
    private static final Logger accessLog = LoggerFactory.getLogger("signet.access");
    /** MDC key of the request ID; the JSON log writes it as a field of that name. */
    public static final String MDC_REQUEST_ID = "requestId";
    private static final String ROUND_TRIP_MARK = "signet.roundTripMark";
    /** How long stopping waits for requests in flight before it cuts them off. */
    public static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(20);

    private WebServer() {
    }

    public static Javalin create(String host, int port, long maxRequestBytes, ClientAddress clientAddress,
                                 ErrorMapper errors, HttpMetrics metrics, List<Consumer<RoutesConfig>> modules) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            // Graceful stop: connectors stop accepting at once, then Jetty waits (up to the timeout) for the
            // requests in flight instead of cutting them off. Javalin nests its own handler inside this one.
            config.jetty.modifyServer(server -> {
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
            });
            config.http.maxRequestSize = maxRequestBytes;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.contextResolver.ip = clientAddress::of;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "public, max-age=86400");
            });
            config.requestLogger.http((ctx, ms) -> finish(ctx, ms, metrics));
            config.routes.before(ctx -> {
                ctx.attribute(ROUND_TRIP_MARK, metrics.requestStarted());
                prepare(ctx);
            });
            errors.register(config.routes);
            modules.forEach(m -> m.accept(config.routes));
        });
    }

    /** Request ID and the security headers every response carries. */
    private static void prepare(Context ctx) {
        String incoming = ctx.header("X-Request-Id");
        String id = incoming != null && incoming.matches("[A-Za-z0-9._-]{8,64}") ? incoming
                : java.util.UUID.randomUUID().toString();
        Auth.assignRequestId(ctx, id);
        MDC.put(MDC_REQUEST_ID, id);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy",
                "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** Runs last, on the request's thread: access log line, latency, and the MDC cleared for the thread's next use. */
    private static void finish(Context ctx, Float ms, HttpMetrics metrics) {
        try {
            Long mark = ctx.attribute(ROUND_TRIP_MARK);
            metrics.record(ctx.method().name(), route(ctx), ctx.statusCode(), (long) (ms * 1_000_000.0),
                    mark == null ? metrics.requestStarted() : mark);
            logAccess(ctx, ms);
        } finally {
            MDC.remove(MDC_REQUEST_ID);
        }
    }

    /** The matched route's template, so that /application/saml/a and /application/saml/b are one series. */
    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path;
        }
        return ctx.path().startsWith("/static/") ? "/static/*" : HttpMetrics.UNMATCHED;
    }

    /** Path only, never the query string: it can carry SAML messages and tokens. */
    private static void logAccess(Context ctx, Float ms) {
        if (accessLog.isInfoEnabled()) {
            accessLog.info("{} {} {} {}ms ip={} rid={}", ctx.method(), ctx.path(), ctx.statusCode(),
                    Math.round(ms * 10) / 10.0, ctx.ip(), Auth.requestId(ctx));
        }
    }

}
