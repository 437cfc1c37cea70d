package dev.signet.saml;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The two SAML 2.0 bindings Signet sends and receives messages with. */
public enum SamlBinding {
    POST("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"),
    REDIRECT("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");

    private final String uri;

    SamlBinding(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SamlBinding> fromWire(String value) {
        return Arrays.stream(values()).filter(b -> b.wire().equalsIgnoreCase(value)).findFirst();
    }

    public static Optional<SamlBinding> fromUri(String uri) {
        return Arrays.stream(values()).filter(b -> b.uri.equals(uri)).findFirst();
    }
}
