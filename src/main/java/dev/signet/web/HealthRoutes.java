package dev.signet.web;

import dev.signet.storage.Database;
import io.javalin.config.RoutesConfig;

/** Liveness (the process answers) and readiness (the database answers) for load balancers and orchestrators. */
public final class HealthRoutes {
    private final Database db;

    public HealthRoutes(Database db) {
        this.db = db;
    }

    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "up")));
        routes.get("/health/ready", ctx -> {
            boolean ok = db.isReachable();
            ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "ready" : "unavailable", "database", ok ? "up" : "down"));
        });
    }
}
