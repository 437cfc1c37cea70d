package dev.signet.saml;

import dev.signet.WireName;
import java.util.Arrays;
import java.util.Optional;

/** What a provider puts in the assertion's NameID, and the format URI it declares. */
public enum NameIdFormat implements WireName {
    /** An opaque identifier, stable per user and SP, that reveals nothing about the user. */
    PERSISTENT(SamlResponseSpec.NAMEID_PERSISTENT),
    /** The user's e-mail address. */
    EMAIL(SamlResponseSpec.NAMEID_EMAIL),
    /** The username, declared as "unspecified". */
    USERNAME(SamlResponseSpec.NAMEID_UNSPECIFIED),
    /** A new random identifier in every assertion. */
    TRANSIENT(SamlResponseSpec.NAMEID_TRANSIENT);

    private final String uri;

    NameIdFormat(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }


    public static Optional<NameIdFormat> fromWire(String value) {
        return WireName.parse(NameIdFormat.class, value);
    }

    public static Optional<NameIdFormat> fromUri(String uri) {
        return Arrays.stream(values()).filter(f -> f.uri.equals(uri)).findFirst();
    }
}
