package dev.signet.saml;

import dev.signet.WireName;
import java.util.Optional;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;

/** Digests for signature references. SHA-1 is deliberately absent. */
public enum DigestAlgorithm implements WireName {
    SHA256(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256),
    SHA384(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384),
    SHA512(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512);

    private final String uri;

    DigestAlgorithm(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }


    public static Optional<DigestAlgorithm> fromWire(String value) {
        return WireName.parse(DigestAlgorithm.class, value);
    }
}
