package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SamlResponseSpec.NameId;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SamlSchemaTest {
    static final String BASE = "http://127.0.0.1:9000/application/saml/aws/";
    static GeneratedKey key;

    @BeforeAll
    static void key() {
        key = Certificates.generate(KeyType.RSA_2048, "schema test", Duration.ofDays(1), Instant.now());
    }

    @Test
    void response_with_both_signatures_and_attributes_is_valid() {
        assertValid(XmlWriter.toBytes(ResponseBuilder.build(spec(true, true, "_request-42"))));
    }

    @Test
    void response_with_only_the_assertion_signed_and_unsolicited_is_valid() {
        assertValid(XmlWriter.toBytes(ResponseBuilder.build(spec(true, false, null))));
    }

    @Test
    void idp_metadata_with_and_without_logout_is_valid() {
        X509Certificate next = Certificates.generate(KeyType.EC_P256, "next", Duration.ofDays(1), Instant.now()).certificate();
        assertValid(XmlWriter.toBytes(IdpMetadata.build(new IdpMetadata.Description(BASE, true, List.of(key.certificate(), next),
                List.of(SamlResponseSpec.NAMEID_PERSISTENT, SamlResponseSpec.NAMEID_EMAIL), BASE + "sso/binding/", BASE + "slo/binding/"))));
        assertValid(XmlWriter.toBytes(IdpMetadata.build(new IdpMetadata.Description(BASE, false, List.of(key.certificate()),
                List.of(), BASE + "sso/binding/", null))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws.xml", "keycloak-client.xml", "two-sps.xml", "idp-only.xml", "artifact-acs-only.xml"})
    void sp_metadata_fixtures_are_valid(String fixture) {
        assertValid(SpMetadataTest.fixture(fixture));
    }

    @Test
    void issuer_after_status_is_rejected() {
        Document doc = ResponseBuilder.build(spec(false, false, null));
        Element response = doc.getDocumentElement();
        Element issuer = child(response, "Issuer");
        response.insertBefore(issuer, child(response, "Status").getNextSibling());
        assertInvalid(doc, "Invalid content was found starting with element '{\"" + SamlNames.ASSERTION_NS + "\":Issuer}'");
    }

    @Test
    void conditions_before_subject_is_rejected() {
        Document doc = ResponseBuilder.build(spec(false, false, null));
        Element assertion = child(doc.getDocumentElement(), "Assertion");
        assertion.insertBefore(child(assertion, "Conditions"), child(assertion, "Subject"));
        // Subject is optional, so the validator accepts Conditions and then finds Subject out of place.
        assertInvalid(doc, "Invalid content was found starting with element '{\"" + SamlNames.ASSERTION_NS + "\":Subject}'");
    }

    @Test
    void missing_version_is_rejected() {
        Document doc = ResponseBuilder.build(spec(false, false, null));
        doc.getDocumentElement().removeAttribute("Version");
        assertInvalid(doc, "Attribute 'Version' must appear on element 'samlp:Response'");
    }

    @Test
    void bad_values_and_dtds_are_rejected() {
        assertThatThrownBy(() -> SamlSchema.validate(SpMetadataTest.fixture("bad-certificate.xml")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("base64Binary");
        assertThatThrownBy(() -> SamlSchema.validate(SpMetadataTest.fixture("doctype.xml")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("DOCTYPE");
        String badInstant = new String(XmlWriter.toBytes(ResponseBuilder.build(spec(false, false, null))), StandardCharsets.UTF_8)
                .replaceFirst("IssueInstant=\"[^\"]+\"", "IssueInstant=\"yesterday\"");
        assertThatThrownBy(() -> SamlSchema.validate(badInstant.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("yesterday").hasMessageMatching("(?s).*\\n  1:\\d+: .*");
    }

    static void assertValid(byte[] xml) {
        assertThatCode(() -> SamlSchema.validate(xml)).as(new String(xml, StandardCharsets.UTF_8)).doesNotThrowAnyException();
    }

    static void assertInvalid(Document doc, String reasonMentions) {
        assertThatThrownBy(() -> SamlSchema.validate(XmlWriter.toBytes(doc)))
                .isInstanceOf(AssertionError.class).hasMessageContaining(reasonMentions);
    }

    static Element child(Element parent, String localName) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no " + localName + " in " + parent.getLocalName());
    }

    static SamlResponseSpec spec(boolean signAssertion, boolean signResponse, String inResponseTo) {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        return new SamlResponseSpec(BASE, "https://signin.aws.amazon.com/saml", "urn:amazon:webservices", inResponseTo,
                new NameId("3f1c0d7e-opaque", SamlResponseSpec.NAMEID_PERSISTENT), now, Duration.ofMinutes(1), Duration.ofMinutes(5),
                now.minusSeconds(1800), "_session-1", now.plusSeconds(8 * 3600),
                List.of(new Attribute("https://aws.amazon.com/SAML/Attributes/Role", "Role", SamlResponseSpec.ATTRNAME_URI, List.of(
                                "arn:aws:iam::123456789012:role/ReadOnly,arn:aws:iam::123456789012:saml-provider/Signet",
                                "arn:aws:iam::123456789012:role/Deploy,arn:aws:iam::123456789012:saml-provider/Signet")),
                        new Attribute("email", null, SamlResponseSpec.ATTRNAME_BASIC, List.of("alice@example.com"))),
                signAssertion, signResponse, SignatureAlgorithm.RSA_SHA256,
                new SigningCredential(null, key.certificate(), key.privateKey()));
    }
}
