package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The attacks that broke other SAML stacks' verification of SP messages, each refused. */
class SignatureVerifierTest {
    static GeneratedKey sp;
    static GeneratedKey attacker;

    @BeforeAll
    static void keys() {
        sp = Certificates.generate(KeyType.RSA_2048, "sp", Duration.ofDays(1), Instant.now());
        attacker = Certificates.generate(KeyType.RSA_2048, "attacker", Duration.ofDays(1), Instant.now());
    }

    /** A signed AuthnRequest, serialised and parsed again as it arrives over the wire. */
    private static String signed(GeneratedKey key, SignatureAlgorithm algorithm) {
        Document doc = SamlTestKit.parse(SamlTestKit.authnRequest("_signed-1", "https://sp.example.com", Instant.now(), Map.of(), null));
        XmlSigner.sign(doc.getDocumentElement(), algorithm, key.privateKey(), key.certificate());
        return new String(XmlWriter.toBytes(doc), StandardCharsets.UTF_8);
    }

    private static void verify(String xml, GeneratedKey trusted) {
        Document doc = SamlTestKit.parse(xml);
        SignatureVerifier.verify(doc.getDocumentElement(), List.of(trusted.certificate()));
    }

    @Test
    void a_correctly_signed_request_verifies_with_rsa_and_ecdsa() {
        assertThatCode(() -> verify(signed(sp, SignatureAlgorithm.RSA_SHA256), sp)).doesNotThrowAnyException();
        GeneratedKey ec = Certificates.generate(KeyType.EC_P256, "ec", Duration.ofDays(1), Instant.now());
        assertThatCode(() -> verify(signed(ec, SignatureAlgorithm.ECDSA_SHA256), ec)).doesNotThrowAnyException();
    }

    @Test
    void the_key_comes_from_the_registered_certificate_never_from_key_info() {
        // Signed by the attacker, whose certificate is in KeyInfo: still refused.
        assertThatThrownBy(() -> verify(signed(attacker, SignatureAlgorithm.RSA_SHA256), sp))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("not valid");
    }

    @Test
    void a_changed_value_is_refused() {
        String tampered = signed(sp, SignatureAlgorithm.RSA_SHA256).replace("https://sp.example.com</saml:Issuer>",
                "https://evil.example.com</saml:Issuer>");
        assertThatThrownBy(() -> verify(tampered, sp)).isInstanceOf(SamlMessageException.class);
    }

    @Test
    void a_comment_inside_the_signed_message_is_refused() {
        String commented = signed(sp, SignatureAlgorithm.RSA_SHA256).replace("https://sp.example.com</saml:Issuer>",
                "https://sp.example.com<!-- x --></saml:Issuer>");
        assertThatThrownBy(() -> verify(commented, sp)).hasMessageContaining("comments");
    }

    @Test
    void signature_wrapping_with_a_duplicate_id_is_refused() {
        Document doc = SamlTestKit.parse(signed(sp, SignatureAlgorithm.RSA_SHA256));
        Element original = doc.getDocumentElement();
        // XSW: an attacker's copy with the same ID becomes the root and takes the signature; the signed
        // original hides in Extensions so that the digest still matches it.
        Element evil = (Element) original.cloneNode(true);
        evil.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Issuer").item(0).setTextContent("https://evil.example.com");
        Element signature = (Element) evil.getElementsByTagNameNS(SamlNames.DSIG_NS, "Signature").item(0);
        Element originalSignature = (Element) original.getElementsByTagNameNS(SamlNames.DSIG_NS, "Signature").item(0);
        original.removeChild(originalSignature);
        Element extensions = doc.createElementNS(SamlNames.PROTOCOL_NS, "samlp:Extensions");
        evil.insertBefore(extensions, signature.getNextSibling());
        doc.replaceChild(evil, original);
        extensions.appendChild(original);
        String wrapped = new String(XmlWriter.toBytes(doc), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(wrapped, sp)).isInstanceOf(SamlMessageException.class)
                .hasMessageContaining("more than once");
    }

    @Test
    void a_signature_that_references_another_element_is_refused() {
        String original = signed(sp, SignatureAlgorithm.RSA_SHA256);
        String otherReference = original.replace("URI=\"#_signed-1\"", "URI=\"\"");
        assertThatThrownBy(() -> verify(otherReference, sp)).hasMessageContaining("reference");
    }

    @Test
    void sha1_and_unusual_transforms_and_objects_are_refused() {
        String original = signed(sp, SignatureAlgorithm.RSA_SHA256);
        String sha1 = original.replace("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#rsa-sha1");
        assertThatThrownBy(() -> verify(sha1, sp)).hasMessageContaining("SHA-1");
        String xpath = original.replace("<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
                "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>1</ds:XPath></ds:Transform>");
        assertThatThrownBy(() -> verify(xpath, sp)).isInstanceOf(SamlMessageException.class);
        String object = original.replace("</ds:Signature>", "<ds:Object>extra</ds:Object></ds:Signature>");
        assertThatThrownBy(() -> verify(object, sp)).isInstanceOf(SamlMessageException.class);
    }

    @Test
    void a_second_signature_inside_the_message_is_refused() {
        String original = signed(sp, SignatureAlgorithm.RSA_SHA256);
        String signature = original.substring(original.indexOf("<ds:Signature"), original.indexOf("</ds:Signature>") + 15);
        String twice = original.replace("</samlp:AuthnRequest>", "<samlp:Extensions>" + signature + "</samlp:Extensions></samlp:AuthnRequest>");
        assertThatThrownBy(() -> verify(twice, sp)).hasMessageContaining("more than one signature");
    }

    @Test
    void redirect_binding_signatures_verify_and_refuse_changes() {
        String encoded = RedirectBinding.encode("<x/>".getBytes(StandardCharsets.UTF_8));
        String query = RedirectBinding.signedQuery("SAMLRequest", encoded, "rs", SignatureAlgorithm.RSA_SHA256, sp.privateKey());
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(sp.certificate()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(attacker.certificate())))
                .isInstanceOf(SamlMessageException.class);
        assertThatThrownBy(() -> RedirectBinding.verify(query.replace("RelayState=rs", "RelayState=xx"), "SAMLRequest",
                List.of(sp.certificate()))).isInstanceOf(SamlMessageException.class);
        assertThatThrownBy(() -> RedirectBinding.verify(query + "&SAMLRequest=again", "SAMLRequest", List.of(sp.certificate())))
                .hasMessageContaining("more than one");
        GeneratedKey ec = Certificates.generate(KeyType.EC_P256, "ec", Duration.ofDays(1), Instant.now());
        String ecQuery = RedirectBinding.signedQuery("SAMLRequest", encoded, null, SignatureAlgorithm.ECDSA_SHA256, ec.privateKey());
        assertThatCode(() -> RedirectBinding.verify(ecQuery, "SAMLRequest", List.of(ec.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void inflating_stops_at_the_limit() {
        String bomb = RedirectBinding.encode(new byte[5 * 1024 * 1024]);
        assertThatThrownBy(() -> RedirectBinding.decode(bomb, 64 * 1024)).hasMessageContaining("larger than");
    }
}
