package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class XmlSignerTest {
    static final String ASSERTION = SamlNames.ASSERTION_NS + ":Assertion";

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signed_assertion_verifies_with_xmlsec1(SignatureAlgorithm algorithm) throws Exception {
        KeyType type = "EC".equals(algorithm.keyAlgorithm()) ? KeyType.EC_P256 : KeyType.RSA_2048;
        GeneratedKey key = Certificates.generate(type, "signer test", Duration.ofDays(1), Instant.now());
        Document doc = sampleAssertion();
        XmlSigner.sign(doc.getDocumentElement(), algorithm, key.privateKey(), key.certificate());

        Element signature = (Element) doc.getDocumentElement().getChildNodes().item(1);
        assertThat(signature.getLocalName()).as("Signature right after Issuer").isEqualTo("Signature");
        String xml = serialise(doc);
        assertThat(xml).contains("http://www.w3.org/2001/10/xml-exc-c14n#").contains("<ds:X509Certificate>");

        Xmlsec1.Result result = Xmlsec1.verify(xml, ASSERTION, key.certificate());
        assertThat(result.verified()).as(result.output()).isTrue();
    }

    @Test
    void tampering_after_signing_fails_independent_verification() throws Exception {
        GeneratedKey key = Certificates.generate(KeyType.RSA_2048, "signer test", Duration.ofDays(1), Instant.now());
        Document doc = sampleAssertion();
        XmlSigner.sign(doc.getDocumentElement(), SignatureAlgorithm.RSA_SHA256, key.privateKey(), key.certificate());
        String tampered = serialise(doc).replace("alice@example.com", "mallory@example.com");
        assertThat(Xmlsec1.verify(tampered, ASSERTION, key.certificate()).verified()).isFalse();

        GeneratedKey other = Certificates.generate(KeyType.RSA_2048, "someone else", Duration.ofDays(1), Instant.now());
        assertThat(Xmlsec1.verify(serialise(doc), ASSERTION, other.certificate()).verified()).isFalse();
    }

    @Test
    void parser_refuses_doctypes_so_no_entity_can_be_expanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertThatThrownBy(() -> XmlParser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmlParser.MalformedXmlException.class).hasMessageContaining("DTD");
        String billionLaughs = "<!DOCTYPE l [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";
        assertThatThrownBy(() -> XmlParser.parse(billionLaughs.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmlParser.MalformedXmlException.class);
    }

    @Test
    void parser_refuses_oversized_and_malformed_input() {
        assertThatThrownBy(() -> XmlParser.parse(new byte[XmlParser.MAX_BYTES + 1])).hasMessageContaining("larger than");
        assertThatThrownBy(() -> XmlParser.parse("<a><b></a>".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> XmlParser.parse(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void namespace_fix_up_runs_only_when_a_prefix_is_undeclared() {
        Document undeclared = sampleAssertion();
        assertThat(XmlSigner.declaresEveryNamespace(undeclared.getDocumentElement())).isFalse();
        undeclared.normalizeDocument();
        assertThat(XmlSigner.declaresEveryNamespace(undeclared.getDocumentElement())).isTrue();
        Document parsed = XmlParser.parse(("<saml:Assertion xmlns:saml=\"" + SamlNames.ASSERTION_NS + "\" ID=\"_x\">"
                + "<saml:AttributeValue xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\"/>"
                + "<saml:Other xsi:nil=\"true\" xmlns:xsi=\"urn:wrong\"/></saml:Assertion>").getBytes(StandardCharsets.UTF_8));
        assertThat(XmlSigner.declaresEveryNamespace((Element) parsed.getDocumentElement().getFirstChild())).isTrue();
        assertThat(XmlSigner.declaresEveryNamespace(parsed.getDocumentElement())).isTrue();
    }

    static Document sampleAssertion() {
        Document doc = XmlParser.newDocument();
        Element assertion = doc.createElementNS(SamlNames.ASSERTION_NS, "saml:Assertion");
        assertion.setAttribute("ID", "_a1b2c3d4e5f6");
        assertion.setAttribute("Version", "2.0");
        assertion.setAttribute("IssueInstant", "2026-11-29T12:00:00Z");
        doc.appendChild(assertion);
        Element issuer = doc.createElementNS(SamlNames.ASSERTION_NS, "saml:Issuer");
        issuer.setTextContent("http://127.0.0.1:9000/application/saml/aws/");
        assertion.appendChild(issuer);
        Element subject = doc.createElementNS(SamlNames.ASSERTION_NS, "saml:Subject");
        Element nameId = doc.createElementNS(SamlNames.ASSERTION_NS, "saml:NameID");
        nameId.setTextContent("alice@example.com");
        subject.appendChild(nameId);
        assertion.appendChild(subject);
        return doc;
    }

    static String serialise(Document doc) {
        return new String(XmlWriter.toBytes(doc), StandardCharsets.UTF_8);
    }
}
