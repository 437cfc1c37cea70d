package dev.signet.aws.preflight;

import java.util.Set;

/**
 * What the preflight needs: the exact {@code SAMLResponse} form value, the URL the form posts it to,
 * the IdP metadata AWS holds (as uploaded to the IAM SAML provider) and the metadata Signet publishes
 * now. {@code currentMetadataXml} may be null (no rotation check); {@code knownRoleValues} may be
 * null (any well-formed role value is accepted). {@code strict} treats what AWS does not document as
 * refused: SHA-1, a signed response around an unsigned assertion, clock skew, spaces in role values.
 */
public record PreflightInput(
        String samlResponseBase64,
        String postedTo,
        String iamMetadataXml,
        String currentMetadataXml,
        Set<String> knownRoleValues,
        boolean strict) {
}
