package dev.signet.saml;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The SAML settings of one application: who the SP is and where responses go, how they are signed,
 * what the NameID carries, how long assertions live, which property mappings it sends (in order) and
 * which one, if any, gives the NameID.
 * {@code issuer} is null when the default (public URL + /application/saml/{slug}/) applies.
 */
public record SamlProvider(
        UUID applicationId,
        String spEntityId,
        List<String> acsUrls,
        SamlBinding acsBinding,
        String issuer,
        UUID keypairId,
        UUID nextKeypairId,
        boolean signAssertion,
        boolean signResponse,
        SignatureAlgorithm signatureAlgorithm,
        DigestAlgorithm digestAlgorithm,
        NameIdFormat nameIdFormat,
        int notBeforeSkewSeconds,
        int assertionValiditySeconds,
        int sessionValiditySeconds,
        String defaultRelayState,
        String spCertificate,
        boolean requireSignedRequests,
        String sloUrl,
        SamlBinding sloBinding,
        List<UUID> propertyMappingIds,
        UUID nameIdMappingId,
        Instant createdAt,
        Instant updatedAt) {

    /** The ACS URL responses go to when the request names none. */
    public String defaultAcsUrl() {
        return acsUrls.get(0);
    }

    /** Issuer / IdP entity ID: the configured one, or the default for the application's slug. */
    public String effectiveIssuer(String publicUrl, String slug) {
        return issuer != null ? issuer : defaultIssuer(publicUrl, slug);
    }

    public static String defaultIssuer(String publicUrl, String slug) {
        return publicUrl + "/application/saml/" + slug + "/";
    }
}
