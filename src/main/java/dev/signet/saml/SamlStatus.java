package dev.signet.saml;

/** SAML 2.0 status codes (core, section 3.2.2.2) that Signet answers with. */
public final class SamlStatus {
    private static final String PREFIX = "urn:oasis:names:tc:SAML:2.0:status:";
    public static final String SUCCESS = PREFIX + "Success";
    public static final String REQUESTER = PREFIX + "Requester";
    public static final String RESPONDER = PREFIX + "Responder";
    public static final String VERSION_MISMATCH = PREFIX + "VersionMismatch";
    public static final String NO_PASSIVE = PREFIX + "NoPassive";
    public static final String INVALID_NAMEID_POLICY = PREFIX + "InvalidNameIDPolicy";
    public static final String REQUEST_DENIED = PREFIX + "RequestDenied";
    public static final String REQUEST_UNSUPPORTED = PREFIX + "RequestUnsupported";
    public static final String UNSUPPORTED_BINDING = PREFIX + "UnsupportedBinding";
    public static final String AUTHN_FAILED = PREFIX + "AuthnFailed";

    private SamlStatus() {
    }
}
