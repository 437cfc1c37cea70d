package dev.signet.storage;

import dev.signet.audit.AuditEvent;
import dev.signet.audit.AuditEvent.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for the append-only audit log. */
public final class AuditRepository {
    private static final String COLUMNS = "id, occurred_at, event_type, outcome, actor_user_id, actor_username,"
            + " subject_user_id, subject_username, client_address, user_agent, request_id, detail";

    public void insert(Handle h, AuditEvent e) {
        h.createUpdate("INSERT INTO audit_events (" + COLUMNS + ") VALUES (:id, :at, :type, :outcome, :actorId,"
                        + " :actorName, :subjectId, :subjectName, :address, :agent, :requestId, :detail)")
                .bind("id", e.id()).bind("at", e.occurredAt()).bind("type", e.type()).bind("outcome", e.outcome().wire())
                .bind("actorId", e.actorUserId()).bind("actorName", e.actorUsername())
                .bind("subjectId", e.subjectUserId()).bind("subjectName", e.subjectUsername())
                .bind("address", e.clientAddress()).bind("agent", e.userAgent()).bind("requestId", e.requestId())
                .bind("detail", JsonColumns.write(e.detail()))
                .execute();
    }

    /** Many events in one batch (the deferred writer's). */
    public void insertAll(Handle h, List<AuditEvent> events) {
        var batch = h.prepareBatch("INSERT INTO audit_events (" + COLUMNS + ") VALUES (:id, :at, :type, :outcome, :actorId,"
                + " :actorName, :subjectId, :subjectName, :address, :agent, :requestId, :detail)");
        for (AuditEvent e : events) {
            batch.bind("id", e.id()).bind("at", e.occurredAt()).bind("type", e.type()).bind("outcome", e.outcome().wire())
                    .bind("actorId", e.actorUserId()).bind("actorName", e.actorUsername())
                    .bind("subjectId", e.subjectUserId()).bind("subjectName", e.subjectUsername())
                    .bind("address", e.clientAddress()).bind("agent", e.userAgent()).bind("requestId", e.requestId())
                    .bind("detail", JsonColumns.write(e.detail())).add();
        }
        batch.execute();
    }

    /** Events matching every given filter (null means any), newest first. */
    public Page<AuditEvent> search(Handle h, Filter f, int limit, int offset) {
        List<String> where = new ArrayList<>();
        if (f.username() != null) {
            where.add("(LOWER(subject_username) = :username OR LOWER(actor_username) = :username)");
        }
        if (f.userId() != null) {
            where.add("(subject_user_id = :userId OR actor_user_id = :userId)");
        }
        if (f.type() != null) {
            where.add(f.type().endsWith(".") ? "event_type LIKE :type ESCAPE '!'" : "event_type = :type");
        }
        if (f.since() != null) {
            where.add("occurred_at >= :since");
        }
        if (f.until() != null) {
            where.add("occurred_at < :until");
        }
        String clause = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        var count = h.createQuery("SELECT COUNT(*) FROM audit_events" + clause);
        var query = h.createQuery("SELECT " + COLUMNS + " FROM audit_events" + clause
                + " ORDER BY occurred_at DESC, id LIMIT :limit OFFSET :offset");
        for (var q : List.of(count, query)) {
            if (f.username() != null) {
                q.bind("username", f.username().toLowerCase(Locale.ROOT));
            }
            if (f.userId() != null) {
                q.bind("userId", f.userId());
            }
            if (f.type() != null) {
                q.bind("type", f.type().endsWith(".") ? Like.startingWith(f.type()) : f.type());
            }
            if (f.since() != null) {
                q.bind("since", f.since());
            }
            if (f.until() != null) {
                q.bind("until", f.until());
            }
        }
        long total = count.mapTo(Long.class).one();
        List<AuditEvent> items = query.bind("limit", limit).bind("offset", offset).map((rs, ctx) -> map(rs)).list();
        return new Page<>(items, total, limit, offset);
    }

    private static AuditEvent map(ResultSet rs) throws SQLException {
        return new AuditEvent(
                rs.getObject("id", UUID.class),
                Times.get(rs, "occurred_at"),
                rs.getString("event_type"),
                Outcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)),
                rs.getObject("actor_user_id", UUID.class),
                rs.getString("actor_username"),
                rs.getObject("subject_user_id", UUID.class),
                rs.getString("subject_username"),
                rs.getString("client_address"),
                rs.getString("user_agent"),
                rs.getString("request_id"),
                JsonColumns.read(rs.getString("detail")));
    }

    /** Audit search criteria; a type ending in "." matches every type with that prefix. */
    public record Filter(String username, UUID userId, String type, Instant since, Instant until) {
    }
}
