package dev.signet.saml;

import java.time.Instant;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SAML protocol messages other than a successful Response: error responses to an AuthnRequest,
 * LogoutRequest and LogoutResponse. Same element order and conventions as {@link ResponseBuilder}.
 */
public final class ProtocolMessages {
    private static final String SAMLP = "samlp:";
    private static final String SAML = "saml:";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private ProtocolMessages() {
    }

    /** Where a message goes and who sends it. {@code inResponseTo} is null when the message starts an exchange. */
    public record Envelope(String issuer, String destination, String inResponseTo, Instant issueInstant) {
    }

    /** samlp:Response without an assertion, carrying a non-success status. */
    public static Document errorResponse(Envelope envelope, String topLevel, String secondLevel, String message) {
        return statusResponse("Response", envelope, topLevel, secondLevel, message);
    }

    /** samlp:LogoutResponse with a status (Success, or an error). */
    public static Document logoutResponse(Envelope envelope, String topLevel, String secondLevel, String message) {
        return statusResponse("LogoutResponse", envelope, topLevel, secondLevel, message);
    }

    /** samlp:LogoutRequest for one session participant (core 3.7.1). */
    public static Document logoutRequest(Envelope envelope, Instant notOnOrAfter, String nameId, String nameIdFormat,
                                         String spNameQualifier, String sessionIndex) {
        Document doc = XmlParser.newDocument();
        Element request = root(doc, "LogoutRequest", envelope);
        request.setAttribute("NotOnOrAfter", ResponseBuilder.time(notOnOrAfter));
        request.appendChild(issuer(doc, envelope.issuer()));
        Element id = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "NameID");
        id.setAttribute("Format", nameIdFormat);
        if (spNameQualifier != null) {
            id.setAttribute("SPNameQualifier", spNameQualifier);
        }
        id.setTextContent(nameId);
        request.appendChild(id);
        Element index = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "SessionIndex");
        index.setTextContent(sessionIndex);
        request.appendChild(index);
        return doc;
    }

    private static Document statusResponse(String name, Envelope envelope, String topLevel, String secondLevel, String message) {
        Document doc = XmlParser.newDocument();
        Element response = root(doc, name, envelope);
        response.appendChild(issuer(doc, envelope.issuer()));
        Element status = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "Status");
        Element code = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "StatusCode");
        code.setAttribute("Value", topLevel);
        if (secondLevel != null) {
            Element inner = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "StatusCode");
            inner.setAttribute("Value", secondLevel);
            code.appendChild(inner);
        }
        status.appendChild(code);
        if (message != null) {
            Element text = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "StatusMessage");
            text.setTextContent(message);
            status.appendChild(text);
        }
        response.appendChild(status);
        return doc;
    }

    private static Element root(Document doc, String name, Envelope envelope) {
        Element e = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + name);
        e.setAttributeNS(XMLNS, "xmlns:samlp", SamlNames.PROTOCOL_NS);
        e.setAttributeNS(XMLNS, "xmlns:saml", SamlNames.ASSERTION_NS);
        e.setAttribute("ID", ResponseBuilder.newId());
        e.setAttribute("Version", "2.0");
        e.setAttribute("IssueInstant", ResponseBuilder.time(envelope.issueInstant()));
        e.setAttribute("Destination", envelope.destination());
        if (envelope.inResponseTo() != null) {
            e.setAttribute("InResponseTo", envelope.inResponseTo());
        }
        doc.appendChild(e);
        return e;
    }

    private static Element issuer(Document doc, String issuer) {
        Element e = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Issuer");
        e.setAttribute("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:entity");
        e.setTextContent(issuer);
        return e;
    }
}
