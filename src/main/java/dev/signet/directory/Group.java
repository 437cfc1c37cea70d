package dev.signet.directory;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A named set of users; a member of a group is also an effective member of its parents. */
public record Group(UUID id, String name, Map<String, Object> attributes, UUID parentId, Instant createdAt, Instant updatedAt) {
}
