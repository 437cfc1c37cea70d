package dev.signet.authentication;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import de.mkammerer.argon2.Argon2Version;

/** The reference libargon2 (bundled by argon2-jvm): 1.4 to 3 times faster than pure Java here (docs/performance.md). */
final class NativeArgon2Engine implements Argon2Engine {
    private final Argon2Advanced argon2;

    NativeArgon2Engine() {
        this.argon2 = Argon2Factory.createAdvanced(Argon2Types.ARGON2id);
        // Load the library now, so a missing native library is detected at start-up, not at first login.
        hash(new byte[] {1}, new byte[16], 8, 1, 1, 32);
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        return argon2.rawHashAdvanced(iterations, memoryKib, parallelism, password, salt, null, null, length, Argon2Version.V13);
    }

    @Override
    public String name() {
        return "native libargon2 (argon2-jvm)";
    }
}
