package dev.signet.saml;

/** A SAML message Signet refuses to read or trust; the message says why in words for a person. */
public final class SamlMessageException extends RuntimeException {
    public SamlMessageException(String message) {
        super(message);
    }
}
