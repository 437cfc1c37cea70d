package dev.signet.saml;

import dev.signet.keys.KeypairService.SigningCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything that goes into one SAML Response, decided before any XML is built: who issues it, for
 * whom, about whom, valid when, with which attributes, signed how.
 */
public record SamlResponseSpec(
        String issuer,
        String destination,
        String audience,
        String inResponseTo,
        NameId nameId,
        Instant issueInstant,
        Duration notBeforeSkew,
        Duration validity,
        Instant authnInstant,
        String sessionIndex,
        Instant sessionNotOnOrAfter,
        List<Attribute> attributes,
        boolean signAssertion,
        boolean signResponse,
        SignatureAlgorithm algorithm,
        SigningCredential credential,
        DigestAlgorithm digest) {

    /** The same, with the digest that goes with the signature algorithm's hash. */
    public SamlResponseSpec(String issuer, String destination, String audience, String inResponseTo, NameId nameId,
                            Instant issueInstant, Duration notBeforeSkew, Duration validity, Instant authnInstant,
                            String sessionIndex, Instant sessionNotOnOrAfter, List<Attribute> attributes,
                            boolean signAssertion, boolean signResponse, SignatureAlgorithm algorithm,
                            SigningCredential credential) {
        this(issuer, destination, audience, inResponseTo, nameId, issueInstant, notBeforeSkew, validity, authnInstant,
                sessionIndex, sessionNotOnOrAfter, attributes, signAssertion, signResponse, algorithm, credential,
                DigestAlgorithm.valueOf(algorithm.name().substring(algorithm.name().indexOf('_') + 1)));
    }

    /** The subject's identifier and its format URI. */
    public record NameId(String value, String format) {
    }

    /** One SAML attribute; an attribute without values is left out of the statement. */
    public record Attribute(String name, String friendlyName, String nameFormat, List<String> values) {
    }

    public static final String NAMEID_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    public static final String NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
    public static final String NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
    public static final String NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    public static final String ATTRNAME_URI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
    public static final String ATTRNAME_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
}
