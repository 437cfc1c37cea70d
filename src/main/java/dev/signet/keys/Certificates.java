package dev.signet.keys;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.encoders.DecoderException;

/** X.509 and PEM work, done with BouncyCastle: self-signed generation, parsing, encoding, fingerprints. */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Used only for PEM decryption (PBES2 variants the JDK lacks); not registered as a JCA provider. */
    private static final java.security.Provider BOUNCY_CASTLE = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private Certificates() {
    }

    /** A new keypair and a self-signed certificate for it, valid from one minute ago for {@code validity}. */
    public static GeneratedKey generate(KeyType type, String commonName, Duration validity, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm());
            if ("EC".equals(type.algorithm())) {
                generator.initialize(new ECGenParameterSpec(type.curve()), RANDOM);
            } else {
                generator.initialize(type.bits(), RANDOM);
            }
            KeyPair pair = generator.generateKeyPair();
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            Instant notBefore = now.minus(Duration.ofMinutes(1));
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(now.plus(validity)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(type.certificateSignature()).build(pair.getPrivate()));
            return new GeneratedKey(new JcaX509CertificateConverter().getCertificate(holder), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a " + type.wire() + " keypair", e);
        }
    }

    /** Bouncy Castle's PEM reader throws an unchecked DecoderException for text between the markers that is not base64. */
    private static final String DAMAGED_BASE64 = "The %s is not valid PEM: the text between the BEGIN and END lines is not base64.";

    /** Reads one PEM certificate; throws {@link IllegalArgumentException} with a readable reason. */
    public static X509Certificate parseCertificate(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("No PEM certificate (-----BEGIN CERTIFICATE-----) found.");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("The certificate is not valid PEM: " + e.getMessage());
        } catch (DecoderException e) {
            throw new IllegalArgumentException(DAMAGED_BASE64.formatted("certificate"));
        }
    }

    /** Reads every PEM certificate in the text (an SP may list several during a key rotation); at least one. */
    public static java.util.List<X509Certificate> parseCertificates(String pem) {
        java.util.List<X509Certificate> out = new java.util.ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (!(o instanceof X509CertificateHolder holder)) {
                    throw new IllegalArgumentException("Only PEM certificates (-----BEGIN CERTIFICATE-----) are expected here.");
                }
                out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("The certificate is not valid PEM: " + e.getMessage());
        } catch (DecoderException e) {
            throw new IllegalArgumentException(DAMAGED_BASE64.formatted("certificate"));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No PEM certificate (-----BEGIN CERTIFICATE-----) found.");
        }
        return out;
    }

    /**
     * Reads a PEM private key: PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}),
     * PKCS#8 ({@code PRIVATE KEY}) or encrypted PKCS#8 / OpenSSL-encrypted with a passphrase.
     */
    public static PrivateKey parsePrivateKey(String pem, char[] passphrase) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassphrase(passphrase);
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(passphrase)));
            }
            if (o instanceof PEMEncryptedKeyPair encrypted) {
                requirePassphrase(passphrase);
                return converter.getKeyPair(encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(passphrase))).getPrivate();
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("No PEM private key found (expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY).");
        } catch (PKCSException | org.bouncycastle.openssl.EncryptionException e) {
            throw new IllegalArgumentException("The passphrase does not decrypt the private key.");
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalArgumentException("The private key is not valid PEM: " + e.getMessage());
        } catch (DecoderException e) {
            throw new IllegalArgumentException(DAMAGED_BASE64.formatted("private key"));
        }
    }

    private static void requirePassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("The private key is encrypted; give its passphrase.");
        }
    }

    public static String toPem(Object certificateOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificateOrKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** SHA-256 of the DER certificate as upper-case hex pairs separated by colons (what openssl prints). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the private key signs what the certificate's public key verifies. */
    public static boolean matches(X509Certificate certificate, PrivateKey key) {
        try {
            String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] probe = "signet key match probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            var verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A freshly generated private key with its certificate. */
    public record GeneratedKey(X509Certificate certificate, PrivateKey privateKey) {
    }
}
