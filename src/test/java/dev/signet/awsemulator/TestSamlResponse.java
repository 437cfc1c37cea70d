package dev.signet.awsemulator;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Test-only builder of the SAML response an IdP posts to AWS: Response + Assertion with AWS's attributes,
 * the Assertion signed with Santuario. Every field has a valid default; tests change the one they break.
 */
final class TestSamlResponse {
    static final String ATTR = "https://aws.amazon.com/SAML/Attributes/";
    static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    static {
        org.apache.xml.security.Init.init();
    }

    private final TestIdp idp;
    String issuer;
    String nameId = "alice-7f3a";
    String nameIdFormat = PERSISTENT;
    String recipient = AwsEmulatorOptions.GLOBAL_SIGNIN_URL;
    String destination = AwsEmulatorOptions.GLOBAL_SIGNIN_URL;
    String audience = "urn:amazon:webservices";
    String statusCode = "urn:oasis:names:tc:SAML:2.0:status:Success";
    String assertionId = "_a" + UUID.randomUUID();
    Instant issueInstant;
    Instant notOnOrAfter;
    Instant sessionNotOnOrAfter;
    boolean signAssertion = true;
    boolean signResponse = false;
    String signatureMethod = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    final Map<String, List<String>> attributes = new LinkedHashMap<>();

    TestSamlResponse(TestIdp idp, Instant now) {
        this.idp = idp;
        this.issuer = idp.entityId();
        this.issueInstant = now.truncatedTo(ChronoUnit.SECONDS);
        this.notOnOrAfter = issueInstant.plus(Duration.ofMinutes(5));
        attribute("RoleSessionName", "alice");
    }

    TestSamlResponse roles(String... pairs) {
        return attribute("Role", pairs);
    }

    /** An AWS attribute (name without the https://aws.amazon.com/SAML/Attributes/ prefix). */
    TestSamlResponse attribute(String shortName, String... values) {
        attributes.put(ATTR + shortName, new ArrayList<>(List.of(values)));
        return this;
    }

    TestSamlResponse without(String shortName) {
        attributes.remove(ATTR + shortName);
        return this;
    }

    TestSamlResponse with(UnaryOperator<TestSamlResponse> change) {
        return change.apply(this);
    }

    String xml() {
        Document doc = parse(unsignedXml());
        Element response = doc.getDocumentElement();
        Element assertion = (Element) doc.getElementsByTagNameNS(TestXml.SAML, "Assertion").item(0);
        if (signAssertion) {
            sign(assertion);
        }
        if (signResponse) {
            sign(response);
        }
        return TestXml.serialize(doc);
    }

    String base64() {
        return base64(xml());
    }

    static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    String unsignedXml() {
        StringBuilder x = new StringBuilder();
        x.append("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"")
                .append(" ID=\"_r").append(UUID.randomUUID()).append("\" Version=\"2.0\" IssueInstant=\"").append(issueInstant).append('"');
        if (destination != null) {
            x.append(" Destination=\"").append(destination).append('"');
        }
        x.append("><saml:Issuer>").append(issuer).append("</saml:Issuer>")
                .append("<samlp:Status><samlp:StatusCode Value=\"").append(statusCode).append("\"/></samlp:Status>")
                .append(assertionXml())
                .append("</samlp:Response>");
        return x.toString();
    }

    String assertionXml() {
        StringBuilder x = new StringBuilder();
        x.append("<saml:Assertion ID=\"").append(assertionId).append("\" Version=\"2.0\" IssueInstant=\"").append(issueInstant).append("\">")
                .append("<saml:Issuer>").append(issuer).append("</saml:Issuer>")
                .append("<saml:Subject>");
        if (nameId != null) {
            x.append("<saml:NameID Format=\"").append(nameIdFormat).append("\">").append(nameId).append("</saml:NameID>");
        }
        x.append("<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">")
                .append("<saml:SubjectConfirmationData NotOnOrAfter=\"").append(notOnOrAfter).append("\" Recipient=\"").append(recipient)
                .append("\"/></saml:SubjectConfirmation></saml:Subject>")
                .append("<saml:Conditions NotBefore=\"").append(issueInstant.minusSeconds(30)).append("\" NotOnOrAfter=\"").append(notOnOrAfter)
                .append("\"><saml:AudienceRestriction><saml:Audience>").append(audience).append("</saml:Audience></saml:AudienceRestriction></saml:Conditions>")
                .append("<saml:AuthnStatement AuthnInstant=\"").append(issueInstant).append("\" SessionIndex=\"_s1\"");
        if (sessionNotOnOrAfter != null) {
            x.append(" SessionNotOnOrAfter=\"").append(sessionNotOnOrAfter).append('"');
        }
        x.append("><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
                .append("</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>")
                .append("<saml:AttributeStatement>");
        attributes.forEach((name, values) -> {
            x.append("<saml:Attribute Name=\"").append(name).append("\">");
            values.forEach(v -> x.append("<saml:AttributeValue>").append(v).append("</saml:AttributeValue>"));
            x.append("</saml:Attribute>");
        });
        return x.append("</saml:AttributeStatement></saml:Assertion>").toString();
    }

    /** Enveloped signature, exclusive c14n, SHA-256, placed after the Issuer as the SAML schema wants. */
    void sign(Element element) {
        try {
            Document doc = element.getOwnerDocument();
            XMLSignature signature = new XMLSignature(doc, "", signatureMethod, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            Element issuerElement = (Element) element.getElementsByTagNameNS(TestXml.SAML, "Issuer").item(0);
            element.insertBefore(signature.getElement(), issuerElement.getNextSibling());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            element.setIdAttributeNS(null, "ID", true);
            String digest = signatureMethod.endsWith("sha1") ? "http://www.w3.org/2000/09/xmldsig#sha1" : "http://www.w3.org/2001/04/xmlenc#sha256";
            signature.addDocument("#" + element.getAttribute("ID"), transforms, digest);
            signature.addKeyInfo(idp.certificate());
            signature.sign(idp.keys().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** XML plumbing shared by the test builders. */
    static final class TestXml {
        static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";

        static String serialize(Document doc) {
            try {
                var transformer = TransformerFactory.newInstance().newTransformer();
                transformer.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
                StringWriter out = new StringWriter();
                transformer.transform(new DOMSource(doc), new StreamResult(out));
                return out.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
