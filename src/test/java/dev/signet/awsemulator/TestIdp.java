package dev.signet.awsemulator;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test identity provider: an RSA key with a self-signed certificate, and the metadata IAM would be given. */
record TestIdp(String entityId, KeyPair keys, X509Certificate certificate) {
    /** RSA-2048 keys take a moment to generate; tests share these immutable ones. */
    static final TestIdp DEFAULT = create("https://idp.example.test/saml", 2048);
    static final TestIdp OTHER = create("https://other-idp.example.test/saml", 2048);

    static TestIdp create(String entityId, int rsaBits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(rsaBits);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=Test IdP " + rsaBits);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new TestIdp(entityId, keys, certificate);
        } catch (NoSuchAlgorithmException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key under another entity ID. */
    TestIdp withEntityId(String otherEntityId) {
        return new TestIdp(otherEntityId, keys, certificate);
    }

    String metadata() {
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                + " entityID=\"" + entityId + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + certificateBase64()
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://idp.example.test/sso\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    String certificateBase64() {
        try {
            return Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
