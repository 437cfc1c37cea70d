package dev.signet.saml;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A single-logout message from an SP as read from the wire: a samlp:LogoutRequest (the SP starts
 * logout) or a samlp:LogoutResponse (the SP answers Signet's request).
 */
public record LogoutRequestMessage(boolean isRequest, String id, String version, Instant issueInstant, Instant notOnOrAfter,
                                   String issuer, String destination, String nameId, String sessionIndex, String statusCode,
                                   Element element) {

    public static LogoutRequestMessage from(Document doc) {
        Element root = doc.getDocumentElement();
        boolean request = "LogoutRequest".equals(root.getLocalName());
        if (!SamlNames.PROTOCOL_NS.equals(root.getNamespaceURI()) || !(request || "LogoutResponse".equals(root.getLocalName()))) {
            throw new SamlErrors.PageError("not-logout", "The message is not a SAML 2.0 LogoutRequest or LogoutResponse.");
        }
        Element issuer = SamlXml.child(root, SamlNames.ASSERTION_NS, "Issuer");
        Element nameId = SamlXml.child(root, SamlNames.ASSERTION_NS, "NameID");
        Element index = SamlXml.child(root, SamlNames.PROTOCOL_NS, "SessionIndex");
        Element status = SamlXml.child(root, SamlNames.PROTOCOL_NS, "Status");
        Element code = status == null ? null : SamlXml.child(status, SamlNames.PROTOCOL_NS, "StatusCode");
        return new LogoutRequestMessage(request, SamlXml.attribute(root, "ID"), SamlXml.attribute(root, "Version"),
                instant(root, "IssueInstant"), instant(root, "NotOnOrAfter"),
                issuer == null ? null : issuer.getTextContent().strip(), SamlXml.attribute(root, "Destination"),
                nameId == null ? null : nameId.getTextContent().strip(), index == null ? null : index.getTextContent().strip(),
                code == null ? null : SamlXml.attribute(code, "Value"), root);
    }

    private static Instant instant(Element e, String attribute) {
        try {
            return e.hasAttribute(attribute) ? Instant.parse(e.getAttribute(attribute)) : null;
        } catch (DateTimeParseException ex) {
            return null;
        }
    }
}
