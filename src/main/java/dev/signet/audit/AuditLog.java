package dev.signet.audit;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.storage.AuditRepository;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Writes audit events in the caller's transaction, so an event is stored exactly when its change is. */
public final class AuditLog {
    private final AuditRepository repository;
    private final Clock clock;

    public AuditLog(AuditRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public void record(Handle h, Origin origin, String type, Outcome outcome, UUID subjectId, String subjectName,
                       Map<String, Object> detail) {
        repository.insert(h, new AuditEvent(UUID.randomUUID(), clock.instant(), type, outcome,
                origin.actorUserId(), origin.actorUsername(), subjectId, subjectName,
                origin.clientAddress(), origin.userAgent(), origin.requestId(), detail == null ? Map.of() : detail));
    }

    public AuditRepository repository() {
        return repository;
    }
}
