package dev.signet.saml;

/**
 * A SAML message from a service provider that Signet refuses; the message says why in words for a person
 * and never repeats the message's content.
 */
public final class SamlMessageException extends RuntimeException {
    public SamlMessageException(String message) {
        super(message);
    }
}
