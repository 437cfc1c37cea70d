package dev.signet.applications;

import java.util.List;
import java.util.UUID;

/** Fields of an application to create or change; null means "not given". */
public record ApplicationInput(
        String slug, String name, String description, String iconUrl, String launchUrl,
        String accessMode, List<UUID> groupIds) {
}
