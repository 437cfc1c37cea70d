package dev.signet.saml;

import dev.signet.WireName;
import java.util.Optional;

/**
 * One SAML attribute of a provider: its name, and where its values come from. A deliberately simple
 * source model (a user field, a user attribute, the group names, or a fixed value).
 */
public record AttributeMapping(String name, String friendlyName, NameFormat nameFormat, Source source, String value) {

    /** Where the values come from; {@code value} names the user attribute, or is the fixed value. */
    public enum Source implements WireName {
        USERNAME, EMAIL, DISPLAY_NAME, USER_ID, GROUPS, ATTRIBUTE, FIXED;


        public static Optional<Source> fromWire(String value) {
            return WireName.parse(Source.class, value);
        }

        public boolean needsValue() {
            return this == ATTRIBUTE || this == FIXED;
        }
    }

    /** The Attribute's NameFormat: URI names (AWS) or basic names. */
    public enum NameFormat implements WireName {
        URI(SamlResponseSpec.ATTRNAME_URI), BASIC(SamlResponseSpec.ATTRNAME_BASIC),
        UNSPECIFIED("urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified");

        private final String uri;

        NameFormat(String uri) {
            this.uri = uri;
        }

        public String uri() {
            return uri;
        }


        public static Optional<NameFormat> fromWire(String value) {
            return WireName.parse(NameFormat.class, value);
        }

        /** URI when the name looks like one (urn: or a URL), basic otherwise. */
        public static NameFormat guess(String name) {
            return name.startsWith("urn:") || name.startsWith("http://") || name.startsWith("https://") ? URI : BASIC;
        }
    }
}
