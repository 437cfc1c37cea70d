package dev.signet.saml;

import dev.signet.saml.SamlResponseSpec.Attribute;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds a signed samlp:Response around one saml:Assertion. One method per element, in document
 * order, so anyone who knows the SAML 2.0 core schema finds each element at once.
 *
 * <p>Attributes are set with {@code setAttributeNS(null, ...)}: a DOM Level 1 attribute
 * ({@code setAttribute}) serialises the same, but the namespace fix-up before each signature formats
 * an error message for every one of them: over a third of that fix-up's time.
 */
public final class ResponseBuilder {
    private static final String SAMLP = "samlp:";
    private static final String SAML = "saml:";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    private static final String STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final String PASSWORD_PROTECTED_TRANSPORT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResponseBuilder() {
    }

    /** The response document, signed as the spec asks. */
    public static Document build(SamlResponseSpec spec) {
        Document doc = XmlParser.newDocument();
        Element response = response(doc, spec);
        doc.appendChild(response);
        response.appendChild(issuer(doc, spec));
        response.appendChild(status(doc));
        Element assertion = assertion(doc, spec);
        response.appendChild(assertion);
        if (spec.signAssertion()) {
            XmlSigner.sign(assertion, spec.algorithm(), spec.digest().uri(), spec.credential().privateKey(),
                    spec.credential().certificate());
        }
        if (spec.signResponse()) {
            // The response signature covers the assertion and its signature: sign the inner one first.
            XmlSigner.sign(response, spec.algorithm(), spec.digest().uri(), spec.credential().privateKey(),
                    spec.credential().certificate());
        }
        return doc;
    }

    static Element response(Document doc, SamlResponseSpec spec) {
        Element e = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "Response");
        e.setAttributeNS(XMLNS, "xmlns:samlp", SamlNames.PROTOCOL_NS);
        e.setAttributeNS(XMLNS, "xmlns:saml", SamlNames.ASSERTION_NS);
        e.setAttributeNS(null, "ID", newId());
        e.setAttributeNS(null, "Version", "2.0");
        e.setAttributeNS(null, "IssueInstant", time(spec.issueInstant()));
        e.setAttributeNS(null, "Destination", spec.destination());
        if (spec.inResponseTo() != null) {
            e.setAttributeNS(null, "InResponseTo", spec.inResponseTo());
        }
        return e;
    }

    static Element issuer(Document doc, SamlResponseSpec spec) {
        Element e = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Issuer");
        e.setAttributeNS(null, "Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:entity");
        e.setTextContent(spec.issuer());
        return e;
    }

    static Element status(Document doc) {
        Element status = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "Status");
        Element code = doc.createElementNS(SamlNames.PROTOCOL_NS, SAMLP + "StatusCode");
        code.setAttributeNS(null, "Value", STATUS_SUCCESS);
        status.appendChild(code);
        return status;
    }

    static Element assertion(Document doc, SamlResponseSpec spec) {
        Element e = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Assertion");
        e.setAttributeNS(null, "ID", newId());
        e.setAttributeNS(null, "Version", "2.0");
        e.setAttributeNS(null, "IssueInstant", time(spec.issueInstant()));
        e.appendChild(issuer(doc, spec));
        e.appendChild(subject(doc, spec));
        e.appendChild(conditions(doc, spec));
        e.appendChild(authnStatement(doc, spec));
        Element attributes = attributeStatement(doc, spec);
        if (attributes.hasChildNodes()) {
            e.appendChild(attributes);
        }
        return e;
    }

    static Element subject(Document doc, SamlResponseSpec spec) {
        Element subject = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Subject");
        Element nameId = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "NameID");
        nameId.setAttributeNS(null, "Format", spec.nameId().format());
        nameId.setAttributeNS(null, "SPNameQualifier", spec.audience());
        nameId.setTextContent(spec.nameId().value());
        subject.appendChild(nameId);
        subject.appendChild(subjectConfirmation(doc, spec));
        return subject;
    }

    static Element subjectConfirmation(Document doc, SamlResponseSpec spec) {
        Element confirmation = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "SubjectConfirmation");
        confirmation.setAttributeNS(null, "Method", BEARER);
        Element data = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "SubjectConfirmationData");
        data.setAttributeNS(null, "NotOnOrAfter", time(spec.issueInstant().plus(spec.validity())));
        data.setAttributeNS(null, "Recipient", spec.destination());
        if (spec.inResponseTo() != null) {
            data.setAttributeNS(null, "InResponseTo", spec.inResponseTo());
        }
        confirmation.appendChild(data);
        return confirmation;
    }

    static Element conditions(Document doc, SamlResponseSpec spec) {
        Element conditions = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Conditions");
        conditions.setAttributeNS(null, "NotBefore", time(spec.issueInstant().minus(spec.notBeforeSkew())));
        conditions.setAttributeNS(null, "NotOnOrAfter", time(spec.issueInstant().plus(spec.validity())));
        Element restriction = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "AudienceRestriction");
        Element audience = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Audience");
        audience.setTextContent(spec.audience());
        restriction.appendChild(audience);
        conditions.appendChild(restriction);
        return conditions;
    }

    static Element authnStatement(Document doc, SamlResponseSpec spec) {
        Element statement = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "AuthnStatement");
        statement.setAttributeNS(null, "AuthnInstant", time(spec.authnInstant()));
        statement.setAttributeNS(null, "SessionIndex", spec.sessionIndex());
        statement.setAttributeNS(null, "SessionNotOnOrAfter", time(spec.sessionNotOnOrAfter()));
        Element context = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "AuthnContext");
        Element classRef = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "AuthnContextClassRef");
        classRef.setTextContent(PASSWORD_PROTECTED_TRANSPORT);
        context.appendChild(classRef);
        statement.appendChild(context);
        return statement;
    }

    static Element attributeStatement(Document doc, SamlResponseSpec spec) {
        Element statement = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "AttributeStatement");
        for (Attribute a : spec.attributes()) {
            if (!a.values().isEmpty()) {
                statement.appendChild(attribute(doc, a));
            }
        }
        return statement;
    }

    static Element attribute(Document doc, Attribute a) {
        Element attribute = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "Attribute");
        attribute.setAttributeNS(null, "Name", a.name());
        if (a.friendlyName() != null) {
            attribute.setAttributeNS(null, "FriendlyName", a.friendlyName());
        }
        attribute.setAttributeNS(null, "NameFormat", a.nameFormat());
        for (String v : a.values()) {
            Element value = doc.createElementNS(SamlNames.ASSERTION_NS, SAML + "AttributeValue");
            value.setAttributeNS(XMLNS, "xmlns:xs", "http://www.w3.org/2001/XMLSchema");
            value.setAttributeNS(XMLNS, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
            value.setAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "xsi:type", "xs:string");
            value.setTextContent(v);
            attribute.appendChild(value);
        }
        return attribute;
    }

    /** 160 random bits, starting with an underscore as xs:ID requires. */
    static String newId() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return "_" + HexFormat.of().formatHex(b);
    }

    /** xs:dateTime in UTC with second precision, the form every SP parses. */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
