package dev.signet.audit;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.storage.AuditRepository;
import dev.signet.storage.Database;
import dev.signet.storage.Page;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Writes audit events in the caller's transaction, so an event is stored exactly when its change is. */
public final class AuditLog {
    private final AuditRepository repository;
    private final Clock clock;
    private DeferredAuditWriter deferred;

    public AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Enables {@link #recordDeferred}; without a writer, deferred events are written at once. */
    public void useDeferredWriter(DeferredAuditWriter writer) {
        this.deferred = writer;
    }

    public void record(Handle h, Origin origin, String type, Outcome outcome, UUID subjectId, String subjectName,
                       Map<String, Object> detail) {
        repository.insert(h, event(origin, type, outcome, subjectId, subjectName, detail));
    }

    /**
     * An event that records no change of its own (an assertion issued, a request refused): written
     * in the background within about 100 ms, batched with others. See {@link DeferredAuditWriter}.
     */
    public void recordDeferred(Database db, Origin origin, String type, Outcome outcome, UUID subjectId,
                               String subjectName, Map<String, Object> detail) {
        AuditEvent event = event(origin, type, outcome, subjectId, subjectName, detail);
        if (deferred != null) {
            deferred.submit(event);
        } else {
            db.transaction(h -> {
                repository.insert(h, event);
                return null;
            });
        }
    }

    /** Makes every deferred event readable (before a search of the log). */
    public void flushDeferred() {
        if (deferred != null) {
            deferred.flush();
        }
    }

    private AuditEvent event(Origin origin, String type, Outcome outcome, UUID subjectId, String subjectName,
                             Map<String, Object> detail) {
        return new AuditEvent(UUID.randomUUID(), clock.instant(), type, outcome,
                origin.actorUserId(), origin.actorUsername(), subjectId, subjectName,
                origin.clientAddress(), origin.userAgent(), origin.requestId(), detail == null ? Map.of() : detail);
    }

    /** Events matching the filter, newest first, including every deferred event recorded before the call. */
    public Page<AuditEvent> search(Database db, AuditRepository.Filter filter, int limit, int offset) {
        flushDeferred();
        return db.read(h -> repository.search(h, filter, limit, offset));
    }

    public AuditRepository repository() {
        return repository;
    }
}
