package dev.signet.mappings;

import dev.signet.WireName;
import java.util.Optional;

/** The SAML Attribute's NameFormat: URI names (AWS, OIDs) or basic names. */
public enum AttributeNameFormat implements WireName {
    URI("urn:oasis:names:tc:SAML:2.0:attrname-format:uri"),
    BASIC("urn:oasis:names:tc:SAML:2.0:attrname-format:basic"),
    UNSPECIFIED("urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified");

    private final String uri;

    AttributeNameFormat(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    public static Optional<AttributeNameFormat> fromWire(String value) {
        return WireName.parse(AttributeNameFormat.class, value);
    }

    /** URI when the name looks like one (urn: or a URL), basic otherwise. */
    public static AttributeNameFormat guess(String name) {
        return name.startsWith("urn:") || name.startsWith("http://") || name.startsWith("https://") ? URI : BASIC;
    }
}
