package dev.signet.aws.preflight;

import static dev.signet.saml.SamlNames.ASSERTION_NS;
import static dev.signet.saml.SamlNames.PROTOCOL_NS;

import dev.signet.saml.XmlParser;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The posted response as AWS reads it: base64-decoded, parsed by Signet's hardened parser (no DTD, no
 * external entities), with its one assertion and that assertion's attributes.
 */
final class ResponseDocument {
    final Document document;
    final Element response;
    /** The response's only assertion, or null when there is not exactly one (plain) assertion. */
    final Element assertion;

    /** One saml:Attribute: its Name and the text of each AttributeValue. */
    record SamlAttribute(String name, List<String> values) {
    }

    private ResponseDocument(Document document) {
        this.document = document;
        this.response = document.getDocumentElement();
        List<Element> assertions = Elements.children(response, ASSERTION_NS, "Assertion");
        this.assertion = assertions.size() == 1 && assertionCount() == 1 ? assertions.get(0) : null;
    }

    /** Decodes and parses; throws {@link Unreadable} saying why in words for an admin. */
    static ResponseDocument read(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new Unreadable("The SAMLResponse value is empty.");
        }
        byte[] xml;
        try {
            // Browsers keep line breaks some encoders insert; everything else must be base64.
            xml = Base64.getDecoder().decode(base64.replaceAll("[\\r\\n]", ""));
        } catch (IllegalArgumentException e) {
            throw new Unreadable("The SAMLResponse value is not base64.");
        }
        try {
            return new ResponseDocument(XmlParser.parse(xml));
        } catch (XmlParser.MalformedXmlException e) {
            throw new Unreadable("The decoded SAMLResponse is not accepted XML: " + e.getMessage());
        }
    }

    /** Assertions anywhere in the document: one nested elsewhere is what signature-wrapping attacks add. */
    int assertionCount() {
        return document.getElementsByTagNameNS(ASSERTION_NS, "Assertion").getLength();
    }

    int encryptedAssertionCount() {
        return document.getElementsByTagNameNS(ASSERTION_NS, "EncryptedAssertion").getLength();
    }

    boolean isResponse() {
        return Elements.is(response, PROTOCOL_NS, "Response");
    }

    /** Every Attribute of every AttributeStatement of the assertion, in document order. */
    List<SamlAttribute> attributes() {
        List<SamlAttribute> found = new ArrayList<>();
        for (Element statement : Elements.children(assertion, ASSERTION_NS, "AttributeStatement")) {
            for (Element attribute : Elements.children(statement, ASSERTION_NS, "Attribute")) {
                List<String> values = new ArrayList<>();
                for (Element value : Elements.children(attribute, ASSERTION_NS, "AttributeValue")) {
                    values.add(value.getTextContent());
                }
                String name = Elements.attribute(attribute, "Name");
                found.add(new SamlAttribute(name == null ? "" : name, values));
            }
        }
        return found;
    }

    /** Why the posted value could not be read as a SAML document. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }
}
