package dev.signet.mappings;

import java.time.Instant;
import java.util.UUID;

/**
 * One SAML attribute and how its values are computed: the attribute's {@code Name},
 * {@code FriendlyName} and {@code NameFormat}, and a CEL expression over the user, the application,
 * the provider and the request. Mappings are shared: a provider lists the ones it sends.
 * {@code builtInKey} is set for the mappings Signet ships, which are read-only.
 */
public record PropertyMapping(
        UUID id,
        String builtInKey,
        String name,
        String samlName,
        String friendlyName,
        AttributeNameFormat nameFormat,
        String expression,
        String description,
        Instant createdAt,
        Instant updatedAt) {

    public boolean builtIn() {
        return builtInKey != null;
    }
}
