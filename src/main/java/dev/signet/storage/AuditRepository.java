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
import org.jdbi.v3.core.statement.SqlStatement;

/** SQL for the append-only audit log. */
public final class AuditRepository {
    private static final String COLUMNS = "id, occurred_at, event_type, outcome, actor_user_id, actor_username,"
            + " subject_user_id, subject_username, client_address, user_agent, request_id, detail";

    /**
     * The application of an event, for the application filter: the detail's "applicationId" when given,
     * else the application whose slug the detail names, looked up in the same statement. An indexed
     * column rather than a JSON query, because H2 and PostgreSQL read JSON text differently. The CASTs
     * are for PostgreSQL, which refuses a null ID that the driver sends as text.
     */
    private static final String INSERT = "INSERT INTO audit_events (" + COLUMNS + ", application_id) VALUES (:id, :at, :type,"
            + " :outcome, CAST(:actorId AS UUID), :actorName, CAST(:subjectId AS UUID), :subjectName, :address, :agent, :requestId, :detail,"
            + " COALESCE(CAST(:applicationId AS UUID), (SELECT a.id FROM applications a WHERE a.slug = :applicationSlug)))";

    public void insert(Handle h, AuditEvent e) {
        bind(h.createUpdate(INSERT), e).execute();
    }

    /** Many events in one batch (the deferred writer's). */
    public void insertAll(Handle h, List<AuditEvent> events) {
        var batch = h.prepareBatch(INSERT);
        for (AuditEvent e : events) {
            bind(batch, e).add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, AuditEvent e) {
        return statement.bind("id", e.id()).bind("at", e.occurredAt()).bind("type", e.type()).bind("outcome", e.outcome().wire())
                .bind("actorId", e.actorUserId()).bind("actorName", e.actorUsername())
                .bind("subjectId", e.subjectUserId()).bind("subjectName", e.subjectUsername())
                .bind("address", e.clientAddress()).bind("agent", e.userAgent()).bind("requestId", e.requestId())
                .bind("detail", JsonColumns.write(e.detail()))
                .bind("applicationId", applicationId(e.detail()))
                .bind("applicationSlug", e.detail().get("slug") instanceof String slug ? slug : null);
    }

    /** The detail's "applicationId" when it is one, as text for the CAST (a malformed one is ignored, not refused). */
    private static String applicationId(java.util.Map<String, Object> detail) {
        if (detail.get("applicationId") instanceof String id) {
            try {
                return UUID.fromString(id).toString();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The event types stored so far, for the events page's type filter. */
    public List<String> eventTypes(Handle h) {
        return h.createQuery("SELECT DISTINCT event_type FROM audit_events ORDER BY event_type").mapTo(String.class).list();
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
        if (f.applicationId() != null) {
            where.add("application_id = :applicationId");
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
            if (f.applicationId() != null) {
                q.bind("applicationId", f.applicationId());
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
    public record Filter(String username, UUID userId, String type, Instant since, Instant until, UUID applicationId) {
        public Filter(String username, UUID userId, String type, Instant since, Instant until) {
            this(username, userId, type, since, until, null);
        }
    }
}
