package dev.signet.keys;

import dev.signet.WireName;
import java.util.Optional;

/** The key algorithms and sizes Signet generates and accepts for signing. */
public enum KeyType implements WireName {
    RSA_2048("RSA", 2048, "SHA256withRSA"),
    RSA_3072("RSA", 3072, "SHA256withRSA"),
    RSA_4096("RSA", 4096, "SHA256withRSA"),
    EC_P256("EC", 256, "SHA256withECDSA"),
    EC_P384("EC", 384, "SHA384withECDSA");

    private final String algorithm;
    private final int bits;
    private final String certificateSignature;

    KeyType(String algorithm, int bits, String certificateSignature) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.certificateSignature = certificateSignature;
    }

    public String algorithm() {
        return algorithm;
    }

    public int bits() {
        return bits;
    }

    /** The algorithm that self-signs a generated certificate of this type. */
    public String certificateSignature() {
        return certificateSignature;
    }

    public String curve() {
        return bits == 256 ? "secp256r1" : "secp384r1";
    }


    public static Optional<KeyType> fromWire(String value) {
        return WireName.parse(KeyType.class, value);
    }

    /** Classifies an existing public key, or empty when Signet does not sign with such keys. */
    public static Optional<KeyType> of(java.security.PublicKey key) {
        if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits == 2048 ? Optional.of(RSA_2048) : bits == 3072 ? Optional.of(RSA_3072)
                    : bits == 4096 ? Optional.of(RSA_4096) : Optional.empty();
        }
        if (key instanceof java.security.interfaces.ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits == 256 ? Optional.of(EC_P256) : bits == 384 ? Optional.of(EC_P384) : Optional.empty();
        }
        return Optional.empty();
    }
}
