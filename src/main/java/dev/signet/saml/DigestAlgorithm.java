package dev.signet.saml;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;

/** Digests for signature references. SHA-1 is deliberately absent. */
public enum DigestAlgorithm {
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

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DigestAlgorithm> fromWire(String value) {
        return Arrays.stream(values()).filter(a -> a.wire().equalsIgnoreCase(value)).findFirst();
    }
}
