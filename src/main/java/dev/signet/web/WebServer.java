package dev.signet.web;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin server: security headers, request IDs, access log, static files and every route module. */
public final class WebServer {
    private static final Logger accessLog = LoggerFactory.getLogger("signet.access");

    private WebServer() {
    }

    public static Javalin create(String host, int port, long maxRequestBytes, ClientAddress clientAddress,
                                 ErrorMapper errors, List<Consumer<RoutesConfig>> modules) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
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
            config.requestLogger.http(WebServer::logAccess);
            config.routes.before(WebServer::prepare);
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
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy",
                "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** Path only, never the query string: it can carry SAML messages and tokens. */
    private static void logAccess(Context ctx, Float ms) {
        if (accessLog.isInfoEnabled()) {
            accessLog.info("{} {} {} {}ms ip={} rid={}", ctx.method(), ctx.path(), ctx.statusCode(),
                    Math.round(ms * 10) / 10.0, ctx.ip(), Auth.requestId(ctx));
        }
    }

}
