package dev.signet.admin;

import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.errors.FieldErrors;
import dev.signet.storage.AuditRepository.Filter;
import dev.signet.storage.Database;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** /api/v1/events: the audit log, filtered by user, type and time. */
final class EventsApi {
    private final Database db;
    private final AuditLog log;

    EventsApi(Database db, AuditLog log) {
        this.db = db;
        this.log = log;
    }

    void register(ApiRoutes api) {
        api.get("/events", this::search);
    }

    private void search(Context ctx, Origin origin) {
        FieldErrors errors = new FieldErrors();
        int limit = Paging.number(ctx, "limit", Paging.DEFAULT_LIMIT, 1, 500, errors);
        int offset = Paging.number(ctx, "offset", 0, 0, Integer.MAX_VALUE, errors);
        String user = ctx.queryParam("user");
        UUID userId = null;
        String username = null;
        if (user != null && !user.isEmpty()) {
            userId = Ids.parseOrNull(user);
            username = userId == null ? user : null;
        }
        String type = ctx.queryParam("type");
        if (type != null && (type.isEmpty() || type.length() > 60)) {
            errors.add("type", "Must be 1-60 characters.");
        }
        Instant since = instant(ctx, "since", errors);
        Instant until = instant(ctx, "until", errors);
        errors.throwIfAny();
        Filter filter = new Filter(username, userId, type, since, until);
        ctx.json(Paging.envelope(log.search(db, filter, limit, offset), e -> e));
    }

    private static Instant instant(Context ctx, String param, FieldErrors errors) {
        String v = ctx.queryParam(param);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(param, "Must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.");
            return null;
        }
    }
}
