package dev.signet.saml;

/** Namespace URIs and fixed identifiers from the SAML 2.0 specifications. */
public final class SamlNames {
    public static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    private SamlNames() {
    }
}
