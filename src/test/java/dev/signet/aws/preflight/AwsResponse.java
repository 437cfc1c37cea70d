package dev.signet.aws.preflight;

import static dev.signet.saml.SamlNames.ASSERTION_NS;
import static dev.signet.saml.SamlNames.PROTOCOL_NS;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.saml.IdpMetadata;
import dev.signet.saml.SamlResponseSpec;
import dev.signet.saml.XmlParser;
import dev.signet.saml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds the SAML response Signet posts to AWS, correct by default, with one setter per thing a test
 * breaks; signs with Santuario directly so that tests can also sign the ways Signet never does (SHA-1).
 * One instance per test; the keys are generated once.
 */
final class AwsResponse {
    static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    static final String SIGN_IN = "https://signin.aws.amazon.com/saml";
    static final String ENTITY_ID = "https://signet.example.com/saml/aws";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Admin";
    static final String PROVIDER_ARN = "arn:aws:iam::123456789012:saml-provider/Signet";
    static final String ROLE_VALUE = ROLE_ARN + "," + PROVIDER_ARN;
    static final String ATTR = "https://aws.amazon.com/SAML/Attributes/";
    static final String RSA_SHA256 = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256;
    static final String RSA_SHA1 = XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1;
    static final String SHA256 = MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256;
    static final String SHA1 = MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1;

    /** The key Signet signs with and AWS holds. */
    static final GeneratedKey SIGNING = Certificates.generate(KeyType.RSA_2048, "signet", Duration.ofDays(365), NOW);
    /** The next key of a rotation. */
    static final GeneratedKey NEXT = Certificates.generate(KeyType.RSA_2048, "signet next", Duration.ofDays(730), NOW);

    static {
        org.apache.xml.security.Init.init();
    }

    private String issuer = ENTITY_ID;
    private String destination = SIGN_IN;
    private String recipient = SIGN_IN;
    private String audience = "urn:amazon:webservices";
    private String nameId = "u-4f1c9a";
    private String nameIdFormat = SamlResponseSpec.NAMEID_PERSISTENT;
    private Instant issueInstant = NOW.minusSeconds(10);
    private Duration validity = Duration.ofMinutes(5);
    private final List<Map.Entry<String, List<String>>> attributes = new ArrayList<>(List.of(
            Map.entry(ATTR + "Role", List.of(ROLE_VALUE)),
            Map.entry(ATTR + "RoleSessionName", List.of("alice@example.com")),
            Map.entry(ATTR + "SessionDuration", List.of("3600")),
            Map.entry(ATTR + "SourceIdentity", List.of("alice")),
            Map.entry(ATTR + "PrincipalTag:Department", List.of("Engineering")),
            Map.entry(ATTR + "PrincipalTag:CostCenter", List.of("4711")),
            Map.entry(ATTR + "TransitiveTagKeys", List.of("Department"))));
    private GeneratedKey key = SIGNING;
    private String signatureUri = RSA_SHA256;
    private String digestUri = SHA256;
    private boolean signAssertion = true;
    private boolean signResponse = false;
    private Consumer<Document> afterSigning = doc -> { };

    AwsResponse issuer(String v) {
        issuer = v;
        return this;
    }

    AwsResponse destination(String v) {
        destination = v;
        return this;
    }

    AwsResponse recipient(String v) {
        recipient = v;
        return this;
    }

    AwsResponse audience(String v) {
        audience = v;
        return this;
    }

    /** null leaves the NameID out. */
    AwsResponse nameId(String value, String format) {
        nameId = value;
        nameIdFormat = format;
        return this;
    }

    AwsResponse issued(Instant instant, Duration validFor) {
        issueInstant = instant;
        validity = validFor;
        return this;
    }

    /** Replaces the attribute's values (no values: leaves the attribute out). */
    AwsResponse attribute(String name, String... values) {
        attributes.removeIf(e -> e.getKey().equals(name));
        if (values.length > 0) {
            attributes.add(Map.entry(name, List.of(values)));
        }
        return this;
    }

    AwsResponse signedWith(GeneratedKey k, String signature, String digest) {
        key = k;
        signatureUri = signature;
        digestUri = digest;
        return this;
    }

    AwsResponse signing(boolean assertion, boolean response) {
        signAssertion = assertion;
        signResponse = response;
        return this;
    }

    /** Changes the document after it is signed, as a proxy or an attacker would. */
    AwsResponse tampered(Consumer<Document> change) {
        afterSigning = change;
        return this;
    }

    /** The SAMLResponse form value. */
    String base64() {
        return Base64.getEncoder().encodeToString(XmlWriter.toBytes(document()));
    }

    Document document() {
        Document doc = XmlParser.newDocument();
        Element response = doc.createElementNS(PROTOCOL_NS, "samlp:Response");
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", PROTOCOL_NS);
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", ASSERTION_NS);
        response.setAttributeNS(null, "ID", "_response-1");
        response.setAttributeNS(null, "Version", "2.0");
        response.setAttributeNS(null, "IssueInstant", time(issueInstant));
        if (destination != null) {
            response.setAttributeNS(null, "Destination", destination);
        }
        doc.appendChild(response);
        response.appendChild(text(doc, "Issuer", issuer));
        Element status = doc.createElementNS(PROTOCOL_NS, "samlp:Status");
        Element code = doc.createElementNS(PROTOCOL_NS, "samlp:StatusCode");
        code.setAttributeNS(null, "Value", "urn:oasis:names:tc:SAML:2.0:status:Success");
        status.appendChild(code);
        response.appendChild(status);
        Element assertion = assertion(doc);
        response.appendChild(assertion);
        if (signAssertion) {
            sign(assertion);
        }
        if (signResponse) {
            sign(response);
        }
        afterSigning.accept(doc);
        return doc;
    }

    private Element assertion(Document doc) {
        Element assertion = element(doc, "Assertion");
        assertion.setAttributeNS(null, "ID", "_assertion-1");
        assertion.setAttributeNS(null, "Version", "2.0");
        assertion.setAttributeNS(null, "IssueInstant", time(issueInstant));
        assertion.appendChild(text(doc, "Issuer", issuer));
        assertion.appendChild(subject(doc));
        assertion.appendChild(conditions(doc));
        Element authn = element(doc, "AuthnStatement");
        authn.setAttributeNS(null, "AuthnInstant", time(issueInstant));
        authn.setAttributeNS(null, "SessionNotOnOrAfter", time(issueInstant.plus(Duration.ofHours(8))));
        Element context = element(doc, "AuthnContext");
        context.appendChild(text(doc, "AuthnContextClassRef", "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"));
        authn.appendChild(context);
        assertion.appendChild(authn);
        Element statement = element(doc, "AttributeStatement");
        for (Map.Entry<String, List<String>> a : attributes) {
            Element attribute = element(doc, "Attribute");
            attribute.setAttributeNS(null, "Name", a.getKey());
            attribute.setAttributeNS(null, "NameFormat", SamlResponseSpec.ATTRNAME_URI);
            for (String v : a.getValue()) {
                attribute.appendChild(text(doc, "AttributeValue", v));
            }
            statement.appendChild(attribute);
        }
        assertion.appendChild(statement);
        return assertion;
    }

    private Element subject(Document doc) {
        Element subject = element(doc, "Subject");
        if (nameId != null) {
            Element id = text(doc, "NameID", nameId);
            id.setAttributeNS(null, "Format", nameIdFormat);
            subject.appendChild(id);
        }
        Element confirmation = element(doc, "SubjectConfirmation");
        confirmation.setAttributeNS(null, "Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        Element data = element(doc, "SubjectConfirmationData");
        data.setAttributeNS(null, "NotOnOrAfter", time(issueInstant.plus(validity)));
        data.setAttributeNS(null, "Recipient", recipient);
        confirmation.appendChild(data);
        subject.appendChild(confirmation);
        return subject;
    }

    private Element conditions(Document doc) {
        Element conditions = element(doc, "Conditions");
        conditions.setAttributeNS(null, "NotBefore", time(issueInstant));
        conditions.setAttributeNS(null, "NotOnOrAfter", time(issueInstant.plus(validity)));
        Element restriction = element(doc, "AudienceRestriction");
        restriction.appendChild(text(doc, "Audience", audience));
        conditions.appendChild(restriction);
        return conditions;
    }

    private void sign(Element element) {
        element.setIdAttributeNS(null, "ID", true);
        try {
            Document doc = element.getOwnerDocument();
            XMLSignature signature = new XMLSignature(doc, "", signatureUri, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            element.insertBefore(signature.getElement(), element.getFirstChild().getNextSibling());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + element.getAttribute("ID"), transforms, digestUri);
            signature.addKeyInfo(key.certificate());
            signature.sign(key.privateKey());
        } catch (XMLSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element element(Document doc, String name) {
        return doc.createElementNS(ASSERTION_NS, "saml:" + name);
    }

    private static Element text(Document doc, String name, String value) {
        Element e = element(doc, name);
        e.setTextContent(value);
        return e;
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An RSA key of any size (Signet itself generates 2048 bits and more), with a self-signed certificate. */
    static GeneratedKey rsaKey(int bits) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            java.security.KeyPair pair = generator.generateKeyPair();
            var name = new org.bouncycastle.asn1.x500.X500Name("CN=signet rsa " + bits);
            var holder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.valueOf(bits),
                    java.util.Date.from(NOW.minus(Duration.ofDays(1))), java.util.Date.from(NOW.plus(Duration.ofDays(365))),
                    name, pair.getPublic())
                    .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            return new GeneratedKey(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder),
                    pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signet's IdP metadata listing these signing certificates, as AWS would hold it after an upload. */
    static String metadata(String entityId, X509Certificate... certificates) {
        Document doc = IdpMetadata.build(new IdpMetadata.Description(entityId, false, Arrays.asList(certificates),
                List.of(SamlResponseSpec.NAMEID_PERSISTENT), "https://signet.example.com/saml/aws/sso/", null));
        return new String(XmlWriter.toBytes(doc), StandardCharsets.UTF_8);
    }

    static String metadata(X509Certificate... certificates) {
        return metadata(ENTITY_ID, certificates);
    }
}
