package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SamlResponseSpec.NameId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ResponseBuilderTest {
    static final String ASSERTION = SamlNames.ASSERTION_NS + ":Assertion";
    static final String RESPONSE = SamlNames.PROTOCOL_NS + ":Response";
    static final String AWS_ROLE = "https://aws.amazon.com/SAML/Attributes/Role";
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00.123Z");
    static GeneratedKey key;

    @BeforeAll
    static void key() {
        key = Certificates.generate(KeyType.RSA_2048, "response test", Duration.ofDays(1), Instant.now());
    }

    @Test
    void aws_style_response_with_signed_assertion_verifies_with_xmlsec1() throws Exception {
        String xml = serialise(ResponseBuilder.build(spec(true, false, null)));
        Xmlsec1.Result result = Xmlsec1.verify(xml, ASSERTION, key.certificate());
        assertThat(result.verified()).as(result.output()).isTrue();
        assertThat(xml).containsOnlyOnce("<ds:Signature xmlns");
    }

    @Test
    void both_signatures_verify_independently() throws Exception {
        String xml = serialise(ResponseBuilder.build(spec(true, true, "_request-42")));
        assertThat(Xmlsec1.verify(xml, RESPONSE, key.certificate(), "/*/*[local-name()='Signature']").verified()).isTrue();
        Xmlsec1.Result inner = Xmlsec1.verify(xml, ASSERTION, key.certificate(),
                "/*/*[local-name()='Assertion']/*[local-name()='Signature']");
        assertThat(inner.verified()).as(inner.output()).isTrue();
    }

    @Test
    void changed_attribute_breaks_both_signatures() throws Exception {
        String xml = serialise(ResponseBuilder.build(spec(true, true, null)));
        String changed = xml.replace("arn:aws:iam::123456789012:role/ReadOnly", "arn:aws:iam::123456789012:role/Admin");
        assertThat(Xmlsec1.verify(changed, ASSERTION, key.certificate(),
                "/*/*[local-name()='Assertion']/*[local-name()='Signature']").verified()).isFalse();
        assertThat(Xmlsec1.verify(changed, RESPONSE, key.certificate(), "/*/*[local-name()='Signature']").verified()).isFalse();
    }

    @Test
    void elements_are_where_the_schema_and_aws_expect_them() throws Exception {
        Document doc = ResponseBuilder.build(spec(true, false, "_req-1"));
        Element response = doc.getDocumentElement();
        assertThat(response.getAttribute("Destination")).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(response.getAttribute("InResponseTo")).isEqualTo("_req-1");
        assertThat(response.getAttribute("ID")).matches("_[0-9a-f]{40}");
        assertThat(children(response)).containsExactly("Issuer", "Status", "Assertion");
        Element assertion = (Element) xpath(doc, "/*/*[local-name()='Assertion']").item(0);
        assertThat(children(assertion)).containsExactly("Issuer", "Signature", "Subject", "Conditions", "AuthnStatement", "AttributeStatement");
        assertThat(assertion.getAttribute("IssueInstant")).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(text(doc, "//*[local-name()='SubjectConfirmationData']/@Recipient")).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(text(doc, "//*[local-name()='SubjectConfirmationData']/@NotOnOrAfter")).isEqualTo("2026-11-29T12:05:00Z");
        assertThat(text(doc, "//*[local-name()='SubjectConfirmationData']/@InResponseTo")).isEqualTo("_req-1");
        assertThat(text(doc, "//*[local-name()='Conditions']/@NotBefore")).isEqualTo("2026-11-29T11:59:00Z");
        assertThat(text(doc, "//*[local-name()='Audience']")).isEqualTo("urn:amazon:webservices");
        assertThat(text(doc, "//*[local-name()='AuthnStatement']/@AuthnInstant")).isEqualTo("2026-11-29T11:30:00Z");
        assertThat(text(doc, "//*[local-name()='AuthnStatement']/@SessionNotOnOrAfter")).isEqualTo("2026-11-29T20:00:00Z");
        assertThat(xpath(doc, "//*[local-name()='Attribute'][@Name='" + AWS_ROLE + "']/*[local-name()='AttributeValue']").getLength()).isEqualTo(2);
        assertThat(xpath(doc, "//*[local-name()='Attribute'][@Name='empty']").getLength()).as("attributes without values are left out").isZero();
        assertThat(text(doc, "//*[local-name()='NameID']/@Format")).isEqualTo(SamlResponseSpec.NAMEID_PERSISTENT);
    }

    @Test
    void serialised_response_is_utf8_without_byte_order_mark() throws Exception {
        byte[] bytes = serialise(ResponseBuilder.build(spec(true, false, null))).getBytes(StandardCharsets.UTF_8);
        assertThat(bytes[0]).isEqualTo((byte) '<');
    }

    static SamlResponseSpec spec(boolean signAssertion, boolean signResponse, String inResponseTo) {
        return new SamlResponseSpec("http://127.0.0.1:9000/application/saml/aws/", "https://signin.aws.amazon.com/saml",
                "urn:amazon:webservices", inResponseTo, new NameId("3f1c0d7e-opaque", SamlResponseSpec.NAMEID_PERSISTENT),
                NOW, Duration.ofMinutes(1), Duration.ofMinutes(5), Instant.parse("2026-11-29T11:30:00Z"), "_session-1",
                Instant.parse("2026-11-29T20:00:00Z"),
                List.of(new Attribute(AWS_ROLE, "Role", SamlResponseSpec.ATTRNAME_URI, List.of(
                                "arn:aws:iam::123456789012:role/ReadOnly,arn:aws:iam::123456789012:saml-provider/Signet",
                                "arn:aws:iam::123456789012:role/Deploy,arn:aws:iam::123456789012:saml-provider/Signet")),
                        new Attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "RoleSessionName",
                                SamlResponseSpec.ATTRNAME_URI, List.of("alice")),
                        new Attribute("empty", null, SamlResponseSpec.ATTRNAME_BASIC, List.of())),
                signAssertion, signResponse, SignatureAlgorithm.RSA_SHA256,
                new SigningCredential(null, key.certificate(), key.privateKey()));
    }

    static List<String> children(Element e) {
        List<String> names = new java.util.ArrayList<>();
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                names.add(child.getLocalName());
            }
        }
        return names;
    }

    static NodeList xpath(Document doc, String expression) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.NODESET);
    }

    static String text(Document doc, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
    }

    static String serialise(Document doc) {
        return XmlSignerTest.serialise(doc);
    }
}
