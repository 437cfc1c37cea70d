package dev.signet.aws.preflight;

import static dev.signet.aws.preflight.ResponseRules.UPLOAD_METADATA;

import dev.signet.keys.Certificates;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.signature.XMLSignature;

/** Rules on the XML signature and the certificates behind it: rule 5 of the AWS reference. */
final class SignatureRules {
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    static final int MIN_RSA_BITS = 1024;
    static final int RECOMMENDED_RSA_BITS = 2048;
    private static final Set<String> STRONG_SIGNATURES = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    private static final Set<String> STRONG_DIGESTS = Set.of(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512);
    private static final String FIX_SIGN_ASSERTION = "Turn on \"sign assertion\" in the application's signing settings.";
    private static final String FIX_SHA256 = "Choose RSA-SHA256 (or stronger) as the application's signature algorithm.";

    private SignatureRules() {
    }

    static RuleResult signature(Inspection in) {
        SignatureInspection s = in.signature();
        Findings f = Rule.SIGNATURE.findings();
        if (s.signed == null) {
            return f.fail("Neither the assertion nor the response is signed: AWS answers \"Response signature invalid\".",
                    FIX_SIGN_ASSERTION).result("");
        }
        if (s.failure != null) {
            X509Certificate signer = s.signer();
            boolean unknownSigner = signer != null && !in.iam().holds(signer);
            String fix = unknownSigner ? uploadFix(in)
                    : "The response was changed after Signet signed it: post it exactly as Signet produced it, and "
                            + "check that no proxy rewrites the form.";
            f.fail("Response signature invalid: " + inAwsWords(s.failure)
                    + (unknownSigner ? " The signing certificate is not in the IAM metadata (see certificate-in-iam-metadata)." : ""),
                    fix);
        }
        if (!s.assertionSigned) {
            f.unconfirmed(in.strict(), "Only the response is signed, not the assertion (AWS's metadata asks for "
                    + "signed assertions).", FIX_SIGN_ASSERTION);
        }
        return f.result("The " + (s.assertionSigned ? "assertion" : "response") + " signature verifies with certificate "
                + describe(s.iamSigner) + " from the IAM metadata.");
    }

    static RuleResult algorithm(Inspection in) {
        SignatureInspection s = in.signature();
        Findings f = Rule.SIGNATURE_ALGORITHM.findings();
        if (s.signed == null) {
            return f.fail("No signature (see signature).", FIX_SIGN_ASSERTION).result("");
        }
        if (s.usesSha1()) {
            f.unconfirmed(in.strict(), "The signature uses SHA-1 (" + s.signatureMethod + ", digest " + s.digestMethod + ").",
                    FIX_SHA256);
        } else if (!STRONG_SIGNATURES.contains(s.signatureMethod) || !STRONG_DIGESTS.contains(s.digestMethod)) {
            f.fail("The signature uses an algorithm AWS does not accept (" + Findings.shown(s.signatureMethod)
                    + ", digest " + Findings.shown(s.digestMethod) + ").", FIX_SHA256);
        }
        return f.result(s.signatureMethod + " with digest " + s.digestMethod + ".");
    }

    static RuleResult certificateInIamMetadata(Inspection in) {
        SignatureInspection s = in.signature();
        X509Certificate signer = s.signer();
        Findings f = Rule.CERTIFICATE_IN_IAM_METADATA.findings();
        if (signer == null) {
            return f.fail("Which certificate signed the response cannot be told: the signature verifies with no "
                    + "certificate in either metadata and carries none.", UPLOAD_METADATA).result("");
        }
        if (!in.iam().holds(signer)) {
            boolean published = in.current() != null && in.current().holds(signer);
            f.fail("The response is signed with certificate " + describe(signer) + ", which is not in the metadata "
                    + "uploaded to the IAM SAML provider." + (published ? " Signet publishes it in its current metadata: "
                    + "the key was rotated in Signet but not in AWS." : ""), uploadFix(in));
            return f.result("");
        }
        Instant soon = in.now().plus(EXPIRY_WARNING);
        if (signer.getNotAfter().toInstant().isBefore(soon)) {
            f.warn("The signing certificate " + describe(signer) + " expires on " + signer.getNotAfter().toInstant() + ".",
                    "Add the next signing key in Signet's key settings, upload the new metadata to the IAM SAML provider, "
                            + "then make the new key active.");
        }
        if (in.current() != null && in.current().signingCertificates().isEmpty()) {
            f.warn("Signet's current metadata given to the preflight is not usable (" + in.current().problem()
                    + "), so a rotation AWS has not seen cannot be detected.", "Run the preflight from the application's page "
                    + "in Signet, which passes the metadata Signet publishes.");
        }
        if (in.current() != null) {
            for (X509Certificate published : in.current().signingCertificates()) {
                if (!in.iam().holds(published)) {
                    f.warn("Signet publishes certificate " + describe(published) + " that the IAM SAML provider does "
                            + "not hold; sign-in breaks when Signet starts signing with it.", uploadFix(in));
                }
            }
        }
        return f.result("Signed with certificate " + describe(signer) + ", which the IAM SAML provider holds (valid until "
                + signer.getNotAfter().toInstant() + ").");
    }

    static RuleResult keySize(Inspection in) {
        Findings f = Rule.CERTIFICATE_KEY_SIZE.findings();
        X509Certificate signer = in.signature().signer();
        for (X509Certificate c : in.iam().signingCertificates()) {
            if (c != signer && bits(c.getPublicKey()) < MIN_RSA_BITS && "RSA".equals(c.getPublicKey().getAlgorithm())) {
                f.fail("The IAM metadata has certificate " + describe(c) + " with a " + bits(c.getPublicKey())
                        + "-bit RSA key; AWS refuses metadata with keys under 1024 bits.",
                        "Remove the weak key in Signet's key settings and upload the current metadata.");
            }
        }
        if (signer == null) {
            return f.fail("No signing certificate found (see certificate-in-iam-metadata).", UPLOAD_METADATA).result("");
        }
        PublicKey key = signer.getPublicKey();
        int bits = bits(key);
        String fix = "Generate a new RSA 2048 (or EC P-256) signing key in Signet, upload the new metadata to AWS, "
                + "then make the new key active.";
        if (key instanceof RSAPublicKey && bits < MIN_RSA_BITS) {
            f.fail("The signing key is RSA " + bits + " bits; AWS refuses keys under 1024 bits.", fix);
        } else if (key instanceof RSAPublicKey && bits < RECOMMENDED_RSA_BITS) {
            f.warn("The signing key is RSA " + bits + " bits; 2048 or more is recommended.", fix);
        } else if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
            f.fail("The signing key is " + key.getAlgorithm() + ", which AWS does not accept.", fix);
        }
        return f.result("The signing key is " + key.getAlgorithm() + " " + bits + " bits.");
    }

    private static String uploadFix(Inspection in) {
        String arn = AttributeRules.providerArn(in.attributes());
        return arn == null ? UPLOAD_METADATA : UPLOAD_METADATA.replace("<provider ARN>", arn);
    }

    static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        return 0;
    }

    /** Subject and fingerprint, as the key settings page of Signet shows them. */
    static String describe(X509Certificate c) {
        if (c == null) {
            return "(none)";
        }
        return "\"" + c.getSubjectX500Principal().getName() + "\" (SHA-256 " + Certificates.fingerprint(c) + ")";
    }

    /** Signet's verifier speaks of "the registered SP certificate"; here the certificates are AWS's copy of Signet's. */
    private static String inAwsWords(String reason) {
        return reason.replace("registered SP certificate", "signing certificates in the IAM metadata")
                .replace("No certificate is registered for this SP, so its signature cannot be checked.",
                        "The IAM metadata has no signing certificate.");
    }
}
