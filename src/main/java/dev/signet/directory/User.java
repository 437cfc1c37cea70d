package dev.signet.directory;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A person in the directory, as read. The password hash is deliberately not part of it. */
public record User(
        UUID id,
        String username,
        String email,
        String displayName,
        boolean active,
        boolean admin,
        Map<String, Object> attributes,
        Instant createdAt,
        Instant updatedAt,
        Instant lastLoginAt) {
}
