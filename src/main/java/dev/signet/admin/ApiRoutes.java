package dev.signet.admin;

import dev.signet.audit.Origin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers admin API routes under /api/v1, each behind the administrator check, and remembers them
 * so that a test can hold the OpenAPI document to exactly this list.
 */
public final class ApiRoutes {
    public static final String PREFIX = "/api/v1";

    private final RoutesConfig routes;
    private final ApiAuthenticator authenticator;
    private final List<String> registered = new ArrayList<>();

    ApiRoutes(RoutesConfig routes, ApiAuthenticator authenticator) {
        this.routes = routes;
        this.authenticator = authenticator;
    }

    /** An admin API handler: the request and the administrator's audit origin. */
    @FunctionalInterface
    public interface ApiHandler {
        void handle(Context ctx, Origin origin) throws Exception;
    }

    void get(String path, ApiHandler handler) {
        registered.add("GET " + PREFIX + path);
        routes.get(PREFIX + path, ctx -> handler.handle(ctx, authenticator.requireAdministrator(ctx)));
    }

    void post(String path, ApiHandler handler) {
        registered.add("POST " + PREFIX + path);
        routes.post(PREFIX + path, ctx -> handler.handle(ctx, authenticator.requireAdministrator(ctx)));
    }

    void put(String path, ApiHandler handler) {
        registered.add("PUT " + PREFIX + path);
        routes.put(PREFIX + path, ctx -> handler.handle(ctx, authenticator.requireAdministrator(ctx)));
    }

    void patch(String path, ApiHandler handler) {
        registered.add("PATCH " + PREFIX + path);
        routes.patch(PREFIX + path, ctx -> handler.handle(ctx, authenticator.requireAdministrator(ctx)));
    }

    void delete(String path, ApiHandler handler) {
        registered.add("DELETE " + PREFIX + path);
        routes.delete(PREFIX + path, ctx -> handler.handle(ctx, authenticator.requireAdministrator(ctx)));
    }

    /** A route that needs no administrator (the OpenAPI document itself). */
    void publicGet(String path, io.javalin.http.Handler handler) {
        registered.add("GET " + PREFIX + path);
        routes.get(PREFIX + path, handler);
    }

    public List<String> registered() {
        return List.copyOf(registered);
    }
}
