package dev.signet.authentication;

/** Computes raw Argon2id (version 0x13) output; the native library or BouncyCastle. */
public interface Argon2Engine {
    byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length);

    String name();

    /** The native engine when its library loads here, otherwise BouncyCastle. */
    static Argon2Engine best() {
        try {
            return new NativeArgon2Engine();
        } catch (LinkageError | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Argon2Engine.class)
                    .warn("native Argon2 library did not load ({}); using the slower pure-Java implementation", e.toString());
            return new BouncyCastleArgon2Engine();
        }
    }
}
