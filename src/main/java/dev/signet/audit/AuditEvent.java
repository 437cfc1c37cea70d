package dev.signet.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something that happened, for the audit log: who did it (actor), to whom (subject), from where,
 * with what outcome, and a small detail map. Never carries passwords or tokens.
 */
public record AuditEvent(
        UUID id,
        Instant occurredAt,
        String type,
        Outcome outcome,
        UUID actorUserId,
        String actorUsername,
        UUID subjectUserId,
        String subjectUsername,
        String clientAddress,
        String userAgent,
        String requestId,
        Map<String, Object> detail) {

    /** Whether the action succeeded. */
    public enum Outcome {
        SUCCESS, FAILURE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
