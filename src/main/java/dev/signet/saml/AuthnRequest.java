package dev.signet.saml;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.w3c.dom.Element;

/**
 * An SP's samlp:AuthnRequest as read from the wire (not yet validated). Text fields are null when
 * absent; {@code element} is the DOM node its signature (if any) must cover.
 */
public record AuthnRequest(
        String id,
        String version,
        Instant issueInstant,
        String issuer,
        String destination,
        String assertionConsumerServiceUrl,
        boolean hasAssertionConsumerServiceIndex,
        String protocolBinding,
        boolean forceAuthn,
        boolean isPassive,
        String nameIdPolicyFormat,
        Element element) {

    /** Reads the fields of an AuthnRequest document; a non-AuthnRequest root is a {@link SamlErrors.PageError}. */
    public static AuthnRequest from(org.w3c.dom.Document doc) {
        Element root = doc.getDocumentElement();
        if (!SamlNames.PROTOCOL_NS.equals(root.getNamespaceURI()) || !"AuthnRequest".equals(root.getLocalName())) {
            throw new SamlErrors.PageError("not-authn-request", "The message is not a SAML 2.0 AuthnRequest.");
        }
        Element issuer = SamlXml.child(root, SamlNames.ASSERTION_NS, "Issuer");
        Element policy = SamlXml.child(root, SamlNames.PROTOCOL_NS, "NameIDPolicy");
        return new AuthnRequest(
                SamlXml.attribute(root, "ID"),
                SamlXml.attribute(root, "Version"),
                instant(SamlXml.attribute(root, "IssueInstant")),
                issuer == null ? null : issuer.getTextContent().strip(),
                SamlXml.attribute(root, "Destination"),
                SamlXml.attribute(root, "AssertionConsumerServiceURL"),
                root.hasAttribute("AssertionConsumerServiceIndex"),
                SamlXml.attribute(root, "ProtocolBinding"),
                SamlXml.bool(root, "ForceAuthn"),
                SamlXml.bool(root, "IsPassive"),
                policy == null ? null : SamlXml.attribute(policy, "Format"),
                root);
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
