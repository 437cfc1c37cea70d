package dev.signet.applications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An application users can launch from the portal; access is open to all or limited to groups. */
public record Application(
        UUID id,
        String slug,
        String name,
        String description,
        String iconUrl,
        String launchUrl,
        AccessMode accessMode,
        List<UUID> groupIds,
        Instant createdAt,
        Instant updatedAt) {

    /** Who may open an application. */
    public enum AccessMode {
        /** Every active user. */
        ALL,
        /** Effective members of at least one of {@link Application#groupIds()}. */
        GROUPS;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
