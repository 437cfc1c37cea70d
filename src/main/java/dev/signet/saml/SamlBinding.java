package dev.signet.saml;

import dev.signet.WireName;
import java.util.Arrays;
import java.util.Optional;

/** The two SAML 2.0 bindings Signet sends and receives messages with. */
public enum SamlBinding implements WireName {
    POST("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"),
    REDIRECT("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");

    private final String uri;

    SamlBinding(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }


    public static Optional<SamlBinding> fromWire(String value) {
        return WireName.parse(SamlBinding.class, value);
    }

    public static Optional<SamlBinding> fromUri(String uri) {
        return Arrays.stream(values()).filter(b -> b.uri.equals(uri)).findFirst();
    }
}
