package dev.signet.saml;

import java.util.List;
import java.util.UUID;

/**
 * The SAML settings of an application as an administrator gives them; null means "not given", which
 * on creation means the default and on a change means "keep". Property mappings are named by ID or
 * name; an empty {@code nameIdMapping} clears it.
 */
public record SamlProviderInput(
        String spEntityId,
        String acsUrl,
        List<String> additionalAcsUrls,
        String acsBinding,
        String issuer,
        UUID keypairId,
        UUID nextKeypairId,
        Boolean signAssertion,
        Boolean signResponse,
        String signatureAlgorithm,
        String digestAlgorithm,
        String nameIdFormat,
        Integer notBeforeSkewSeconds,
        Integer assertionValiditySeconds,
        Integer sessionValiditySeconds,
        String defaultRelayState,
        String spCertificate,
        Boolean requireSignedRequests,
        String sloUrl,
        String sloBinding,
        List<String> propertyMappings,
        String nameIdMapping) {

    public static SamlProviderInput empty() {
        return new SamlProviderInput(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }
}
