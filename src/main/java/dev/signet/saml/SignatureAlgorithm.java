package dev.signet.saml;

import dev.signet.WireName;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;

/** Signature and digest pairs Signet signs with. SHA-1 is deliberately absent. */
public enum SignatureAlgorithm implements WireName {
    RSA_SHA256(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256, "RSA"),
    RSA_SHA384(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384, "RSA"),
    RSA_SHA512(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512, "RSA"),
    ECDSA_SHA256(XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256, "EC"),
    ECDSA_SHA384(XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384, "EC"),
    ECDSA_SHA512(XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512, "EC");

    private final String signatureUri;
    private final String digestUri;
    private final String keyAlgorithm;

    SignatureAlgorithm(String signatureUri, String digestUri, String keyAlgorithm) {
        this.signatureUri = signatureUri;
        this.digestUri = digestUri;
        this.keyAlgorithm = keyAlgorithm;
    }

    public String signatureUri() {
        return signatureUri;
    }

    public String digestUri() {
        return digestUri;
    }

    /** "RSA" or "EC": the key this algorithm needs. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }


    public static java.util.Optional<SignatureAlgorithm> fromWire(String value) {
        return WireName.parse(SignatureAlgorithm.class, value);
    }

    /** The algorithm an XML-DSig or redirect-binding SigAlg URI names; empty for SHA-1 and anything unknown. */
    public static java.util.Optional<SignatureAlgorithm> fromUri(String uri) {
        return java.util.Arrays.stream(values()).filter(a -> a.signatureUri.equals(uri)).findFirst();
    }
}
