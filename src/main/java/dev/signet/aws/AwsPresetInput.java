package dev.signet.aws;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An AWS application as an administrator describes it (the preset call, or a change to one); null
 * means "not given": the default on creation, "keep" on a change. {@code propertyMappings} are the
 * administrator's own mappings (names or IDs) sent as well; one with the SAML name of an attribute the preset
 * sends (Role, RoleSessionName, ...) replaces the preset's.
 */
public record AwsPresetInput(
        String slug,
        String name,
        String description,
        String accessMode,
        List<UUID> groupIds,
        String region,
        Integer sessionDuration,
        String consoleUrl,
        String providerName,
        List<RoleRuleInput> roles,
        Map<String, String> principalTags,
        Boolean sourceIdentity,
        UUID keypairId,
        List<String> propertyMappings) {

    /** One role-mapping rule as given: the group (name or ID), account, role (name or ARN), IAM provider name (optional). */
    public record RoleRuleInput(String group, String account, String role, String provider) {
    }
}
