package dev.signet.saml;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.ObjectContainer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.XPathContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SignatureVerifierTest {
    static final String ID = "_req-7c1e";
    static final String SP = "https://sp.example.com/saml";
    static final String RSA_SHA256 = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    static final String EXC_C14N = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
    static final String SHA256 = MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256;
    static GeneratedKey sp;
    static GeneratedKey attacker;

    @BeforeAll
    static void keys() {
        org.apache.xml.security.Init.init();
        sp = Certificates.generate(KeyType.RSA_2048, "sp", Duration.ofDays(1), Instant.now());
        attacker = Certificates.generate(KeyType.RSA_2048, "attacker", Duration.ofDays(1), Instant.now());
    }

    // --- what passes ---

    @Test
    void request_signed_by_the_registered_sp_verifies() {
        Element request = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp));
        assertThat(SignatureVerifier.hasSignature(request)).isTrue();
        assertThatCode(() -> SignatureVerifier.verify(request, List.of(sp.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void ecdsa_sha256_signed_request_verifies() {
        GeneratedKey ec = Certificates.generate(KeyType.EC_P256, "sp ec", Duration.ofDays(1), Instant.now());
        Element request = parse(signedRequest(SignatureAlgorithm.ECDSA_SHA256, ec));
        assertThatCode(() -> SignatureVerifier.verify(request, List.of(sp.certificate(), ec.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void any_one_of_several_registered_certificates_may_verify() {
        Element request = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp));
        assertThatCode(() -> SignatureVerifier.verify(request, List.of(attacker.certificate(), sp.certificate())))
                .doesNotThrowAnyException();
    }

    @Test
    void crafting_helper_with_the_saml_profile_choices_verifies_so_the_refusals_below_are_the_rules() {
        assertThatCode(() -> SignatureVerifier.verify(parse(crafted(RSA_SHA256, EXC_C14N, SHA256, "#" + ID, standard())),
                List.of(sp.certificate()))).doesNotThrowAnyException();
        // Enveloped alone is allowed too (the digest then uses inclusive c14n without comments).
        assertThatCode(() -> SignatureVerifier.verify(parse(crafted(RSA_SHA256, EXC_C14N, SHA256, "#" + ID,
                transforms(Transforms.TRANSFORM_ENVELOPED_SIGNATURE))), List.of(sp.certificate()))).doesNotThrowAnyException();
    }

    // --- keys ---

    @Test
    void certificate_of_someone_else_fails() {
        Element request = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp));
        assertRefused(request, List.of(attacker.certificate()), "The signature is not valid with the registered SP certificate.");
    }

    @Test
    void attacker_certificate_in_key_info_is_ignored() {
        // Signed with the attacker's key, whose certificate XmlSigner puts in KeyInfo.
        Element request = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, attacker));
        assertThat(XmlSignerTest.serialise(request.getOwnerDocument())).contains("<ds:X509Certificate>");
        assertRefused(request, List.of(sp.certificate()), "The signature is not valid with the registered SP certificate.");
    }

    @Test
    void no_registered_certificate_is_an_error_not_a_pass() {
        assertRefused(parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp)), List.of(),
                "No certificate is registered for this SP, so its signature cannot be checked.");
    }

    @Test
    void ecdsa_signature_with_only_an_rsa_certificate_registered_fails() {
        GeneratedKey ec = Certificates.generate(KeyType.EC_P256, "sp ec", Duration.ofDays(1), Instant.now());
        assertRefused(parse(signedRequest(SignatureAlgorithm.ECDSA_SHA256, ec)), List.of(sp.certificate()),
                "The SAML message is signed with EC but no registered SP certificate has a key of that type.");
    }

    // --- content ---

    @Test
    void tampered_issuer_fails() {
        String xml = signedRequest(SignatureAlgorithm.RSA_SHA256, sp).replace(SP + "</saml:Issuer>", "https://evil.example.com</saml:Issuer>");
        assertRefused(parse(xml), List.of(sp.certificate()), "The SAML message was changed after it was signed.");
    }

    @Test
    void comment_in_issuer_is_refused_although_c14n_would_ignore_it() {
        String xml = signedRequest(SignatureAlgorithm.RSA_SHA256, sp).replace(SP + "</saml:Issuer>",
                "https://sp.example.com<!-- -->/saml</saml:Issuer>");
        assertThat(xml).contains("<!-- -->");
        assertRefused(parse(xml), List.of(sp.certificate()), "XML comments are not accepted inside signed SAML messages.");
    }

    @Test
    void cdata_in_issuer_is_refused() {
        String xml = signedRequest(SignatureAlgorithm.RSA_SHA256, sp).replace(SP + "</saml:Issuer>",
                "https://sp.<![CDATA[example.com]]>/saml</saml:Issuer>");
        assertRefused(parse(xml), List.of(sp.certificate()), "CDATA sections are not accepted inside signed SAML messages.");
    }

    // --- signature wrapping and IDs ---

    @Test
    void wrapped_original_with_its_signature_under_an_attacker_root_fails() {
        Document doc = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp)).getOwnerDocument();
        Element original = doc.getDocumentElement();
        Element evil = wrapInAttackerCopy(doc, "_evil");
        Element reparsed = reparse(doc);
        assertRefused(reparsed, List.of(sp.certificate()), "The SAML message contains more than one signature.");
        // The original still verifies where it now sits: which is why callers read only from the verified element.
        Element inner = firstRequest(reparsed); // descendants only: the wrapped original
        assertThat(inner.getAttribute("ID")).isEqualTo(ID);
        assertThatCode(() -> SignatureVerifier.verify(inner, List.of(sp.certificate()))).doesNotThrowAnyException();
        assertThat(evil).isNotSameAs(original);
    }

    @Test
    void signature_moved_to_an_attacker_root_with_a_different_id_fails() {
        Document doc = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp)).getOwnerDocument();
        Element original = doc.getDocumentElement();
        wrapInAttackerCopy(doc, "_evil");
        // Only the attacker root keeps a signature (still referencing #ID); enveloped signing means the original's digest holds.
        original.removeChild(dsChild(original, "Signature"));
        assertRefused(reparse(doc), List.of(sp.certificate()), "The signature must reference the signed element.");
    }

    @Test
    void signature_moved_to_an_attacker_root_with_the_same_id_fails() {
        Document doc = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp)).getOwnerDocument();
        Element original = doc.getDocumentElement();
        wrapInAttackerCopy(doc, ID);
        original.removeChild(dsChild(original, "Signature"));
        assertRefused(reparse(doc), List.of(sp.certificate()), "The ID of the signed element appears more than once in the message.");
    }

    @Test
    void duplicate_id_elsewhere_in_the_document_fails() {
        String signed = withoutDeclaration(signedRequest(SignatureAlgorithm.RSA_SHA256, sp));
        String wrapped = "<w:Envelope xmlns:w=\"urn:example:wrapper\">" + signed + "</w:Envelope>";
        Element request = firstRequest(parse(wrapped));
        assertThatCode(() -> SignatureVerifier.verify(request, List.of(sp.certificate()))).as("control").doesNotThrowAnyException();

        String duplicated = "<w:Envelope xmlns:w=\"urn:example:wrapper\">" + signed + "<w:Other ID=\"" + ID + "\"/></w:Envelope>";
        assertRefused(firstRequest(parse(duplicated)), List.of(sp.certificate()),
                "The ID of the signed element appears more than once in the message.");
        String lowerCaseId = "<w:Envelope xmlns:w=\"urn:example:wrapper\">" + signed + "<w:Other id=\"" + ID + "\"/></w:Envelope>";
        assertRefused(firstRequest(parse(lowerCaseId)), List.of(sp.certificate()),
                "The ID of the signed element appears more than once in the message.");
    }

    @Test
    void element_without_id_fails() {
        Element request = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp));
        request.removeAttribute("ID");
        assertRefused(request, List.of(sp.certificate()), "The signed element has no ID attribute.");
    }

    @Test
    void unsigned_element_fails_and_has_no_signature() {
        Element request = parse(XmlSignerTest.serialise(authnRequest()));
        assertThat(SignatureVerifier.hasSignature(request)).isFalse();
        assertRefused(request, List.of(sp.certificate()), "The SAML message is not signed.");
    }

    @Test
    void signature_that_is_not_a_direct_child_fails() {
        Document doc = parse(signedRequest(SignatureAlgorithm.RSA_SHA256, sp)).getOwnerDocument();
        Element request = doc.getDocumentElement();
        Element signature = dsChild(request, "Signature");
        Element policy = (Element) request.getElementsByTagNameNS(SamlNames.PROTOCOL_NS, "NameIDPolicy").item(0);
        policy.appendChild(signature);
        Element reparsed = reparse(doc);
        assertThat(SignatureVerifier.hasSignature(reparsed)).isFalse();
        assertRefused(reparsed, List.of(sp.certificate()), "The signature must be a direct child of the signed element.");
    }

    // --- the signature profile ---

    @Test
    void reference_to_the_whole_document_fails() {
        assertRefused(parse(crafted(RSA_SHA256, EXC_C14N, SHA256, "", standard())), List.of(sp.certificate()),
                "The signature must reference the signed element.");
    }

    @Test
    void two_references_fail() {
        String xml = crafted(RSA_SHA256, EXC_C14N, (signature, doc) -> {
            signature.addDocument("#" + ID, standard().apply(doc), SHA256);
            signature.addDocument("#" + ID, standard().apply(doc), SHA256);
        });
        assertRefused(parse(xml), List.of(sp.certificate()), "The signature must have exactly one Reference.");
    }

    @Test
    void xpath_transform_fails() {
        String xml = crafted(RSA_SHA256, EXC_C14N, SHA256, "#" + ID, doc -> {
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            XPathContainer xpath = new XPathContainer(doc);
            xpath.setXPathNamespaceContext("samlp", SamlNames.PROTOCOL_NS);
            xpath.setXPath("not(self::samlp:NameIDPolicy)");
            transforms.addTransform(Transforms.TRANSFORM_XPATH, xpath.getElementPlusReturns());
            return transforms;
        });
        assertThat(xml).contains(Transforms.TRANSFORM_XPATH);
        assertRefused(parse(xml), List.of(sp.certificate()),
                "The signature may only use the enveloped-signature and exclusive canonicalization transforms.");
    }

    @Test
    void transforms_without_enveloped_signature_or_in_other_order_fail() {
        String reason = "The signature may only use the enveloped-signature and exclusive canonicalization transforms.";
        String swapped = crafted(RSA_SHA256, EXC_C14N, SHA256, "#" + ID, transforms(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS,
                Transforms.TRANSFORM_ENVELOPED_SIGNATURE));
        assertRefused(parse(swapped), List.of(sp.certificate()), reason);
        String withComments = crafted(RSA_SHA256, EXC_C14N, SHA256, "#" + ID, transforms(Transforms.TRANSFORM_ENVELOPED_SIGNATURE,
                Transforms.TRANSFORM_C14N_EXCL_WITH_COMMENTS));
        assertRefused(parse(withComments), List.of(sp.certificate()), reason);
        String base64 = signedRequest(SignatureAlgorithm.RSA_SHA256, sp)
                .replace("<ds:Transform Algorithm=\"" + Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS + "\"/>",
                        "<ds:Transform Algorithm=\"" + Transforms.TRANSFORM_BASE64_DECODE + "\"/>");
        assertThat(base64).contains(Transforms.TRANSFORM_BASE64_DECODE);
        assertRefused(parse(base64), List.of(sp.certificate()), reason);
    }

    @Test
    void canonicalization_other_than_exclusive_without_comments_fails() {
        String inclusive = crafted(RSA_SHA256, Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS, SHA256, "#" + ID, standard());
        assertRefused(parse(inclusive), List.of(sp.certificate()), "The signature must use exclusive canonicalization without comments.");
    }

    @Test
    void ds_object_in_the_signature_fails() {
        String xml = crafted(RSA_SHA256, EXC_C14N, (signature, doc) -> {
            ObjectContainer object = new ObjectContainer(doc);
            object.appendChild(doc.createTextNode("hidden"));
            signature.appendObject(object);
            signature.addDocument("#" + ID, standard().apply(doc), SHA256);
        });
        assertThat(xml).contains("<ds:Object>");
        assertRefused(parse(xml), List.of(sp.certificate()), "The signature must not contain ds:Object or ds:Manifest elements.");
    }

    @Test
    void unexpected_elements_in_the_signature_fail() {
        String xml = signedRequest(SignatureAlgorithm.RSA_SHA256, sp).replace("</ds:SignedInfo>", "<ds:KeyInfo/></ds:SignedInfo>");
        assertRefused(parse(xml), List.of(sp.certificate()), "The signature contains elements the SAML signature profile does not allow.");
    }

    @Test
    void rsa_sha1_signature_method_fails() {
        String xml = crafted(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1, EXC_C14N, SHA256, "#" + ID, standard());
        assertRefused(parse(xml), List.of(sp.certificate()),
                "The SAML message is signed with SHA-1, which Signet does not accept; the SP must sign with SHA-256 or stronger.");
    }

    @Test
    void sha1_digest_fails() {
        String xml = crafted(RSA_SHA256, EXC_C14N, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1, "#" + ID, standard());
        assertRefused(parse(xml), List.of(sp.certificate()),
                "The SAML message is signed with SHA-1, which Signet does not accept; the SP must sign with SHA-256 or stronger.");
    }

    @Test
    void unknown_digest_fails() {
        String xml = crafted(RSA_SHA256, EXC_C14N, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA224, "#" + ID, standard());
        assertRefused(parse(xml), List.of(sp.certificate()), "The SAML message is signed with an algorithm Signet does not support.");
    }

    // --- fixtures ---

    static void assertRefused(Element element, List<X509Certificate> trusted, String reason) {
        assertThatThrownBy(() -> SignatureVerifier.verify(element, trusted))
                .isInstanceOf(SamlMessageException.class).hasMessage(reason);
    }

    static Document authnRequest() {
        Document doc = XmlParser.newDocument();
        Element request = doc.createElementNS(SamlNames.PROTOCOL_NS, "samlp:AuthnRequest");
        request.setAttribute("ID", ID);
        request.setAttribute("Version", "2.0");
        request.setAttribute("IssueInstant", "2026-11-29T12:00:00Z");
        request.setAttribute("Destination", "http://127.0.0.1:9000/application/saml/aws/sso/binding/post");
        request.setAttribute("AssertionConsumerServiceURL", SP + "/acs");
        doc.appendChild(request);
        Element issuer = doc.createElementNS(SamlNames.ASSERTION_NS, "saml:Issuer");
        issuer.setTextContent(SP);
        request.appendChild(issuer);
        Element policy = doc.createElementNS(SamlNames.PROTOCOL_NS, "samlp:NameIDPolicy");
        policy.setAttribute("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        policy.setAttribute("AllowCreate", "true");
        request.appendChild(policy);
        return doc;
    }

    static String signedRequest(SignatureAlgorithm alg, GeneratedKey key) {
        Document doc = authnRequest();
        XmlSigner.sign(doc.getDocumentElement(), alg, key.privateKey(), key.certificate());
        return XmlSignerTest.serialise(doc);
    }

    /** Parses as an SP's POST would arrive: bytes through the one hardened parser. */
    static Element parse(String xml) {
        return XmlParser.parse(xml.getBytes(UTF_8)).getDocumentElement();
    }

    static Element reparse(Document doc) {
        return parse(XmlSignerTest.serialise(doc));
    }

    interface TransformsFactory {
        Transforms apply(Document doc) throws Exception;
    }

    interface References {
        void add(XMLSignature signature, Document doc) throws Exception;
    }

    static TransformsFactory standard() {
        return transforms(Transforms.TRANSFORM_ENVELOPED_SIGNATURE, Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
    }

    static TransformsFactory transforms(String... algorithms) {
        return doc -> {
            Transforms transforms = new Transforms(doc);
            for (String algorithm : algorithms) {
                transforms.addTransform(algorithm);
            }
            return transforms;
        };
    }

    static String crafted(String signatureMethod, String c14n, String digest, String uri, TransformsFactory transforms) {
        return crafted(signatureMethod, c14n, (signature, doc) -> signature.addDocument(uri, transforms.apply(doc), digest));
    }

    /** A request signed with Santuario directly by the SP's key, so that only the profile rules can refuse it. */
    static String crafted(String signatureMethod, String c14n, References references) {
        try {
            Document doc = authnRequest();
            Element request = doc.getDocumentElement();
            doc.normalizeDocument();
            request.setIdAttribute("ID", true);
            XMLSignature signature = new XMLSignature(doc, "", signatureMethod, c14n);
            request.insertBefore(signature.getElement(), request.getFirstChild().getNextSibling());
            references.add(signature, doc);
            signature.addKeyInfo(sp.certificate());
            signature.sign(sp.privateKey());
            return XmlSignerTest.serialise(doc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the root with a copy carrying {@code id} and an attacker's Issuer; the original goes into its Extensions. */
    static Element wrapInAttackerCopy(Document doc, String id) {
        Element original = doc.getDocumentElement();
        Element evil = (Element) original.cloneNode(true);
        evil.setAttribute("ID", id);
        evil.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Issuer").item(0).setTextContent("https://evil.example.com");
        Element extensions = doc.createElementNS(SamlNames.PROTOCOL_NS, "samlp:Extensions");
        evil.insertBefore(extensions, dsChild(evil, "Signature").getNextSibling());
        doc.replaceChild(evil, original);
        extensions.appendChild(original);
        return evil;
    }

    static Element dsChild(Element parent, String localName) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && SamlNames.DSIG_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no ds:" + localName);
    }

    static Element firstRequest(Element root) {
        return (Element) root.getElementsByTagNameNS(SamlNames.PROTOCOL_NS, "AuthnRequest").item(0);
    }

    static String withoutDeclaration(String xml) {
        return xml.startsWith("<?xml") ? xml.substring(xml.indexOf("?>") + 2) : xml;
    }
}
