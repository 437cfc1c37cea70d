package dev.signet.authentication;

import java.time.Instant;
import java.util.UUID;

/**
 * A server-side single-sign-on session. {@code authInstant} and {@code authMethod} record when and how
 * the user proved who they are (SAML's AuthnInstant and ForceAuthn need them).
 */
public record SsoSession(
        UUID id,
        UUID userId,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        Instant authInstant,
        String authMethod,
        String clientAddress,
        String userAgent) {
}
