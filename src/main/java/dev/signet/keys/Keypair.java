package dev.signet.keys;

import java.time.Instant;
import java.util.UUID;

/** A signing keypair as the API shows it: the certificate and its facts, never the private key. */
public record Keypair(
        UUID id,
        String name,
        KeyType keyType,
        String certificatePem,
        String fingerprintSha256,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt) {

    /** The name of the certificate's .pem download: the keypair's name, made safe for a file name. */
    public String certificateFileName() {
        return name.replaceAll("[^A-Za-z0-9._-]+", "-") + ".pem";
    }
}
