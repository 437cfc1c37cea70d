package dev.signet.authentication;

/**
 * Test-side access to the package-private Argon2 engines, for the benchmarks in dev.signet.bench.
 * Main code picks one with {@link Argon2Engine#best()}; benchmarks also want each one by name.
 */
public final class Argon2Engines {
    private Argon2Engines() {
    }

    /** The native libargon2 engine; throws (LinkageError or RuntimeException) where it does not load. */
    public static Argon2Engine nativeEngine() {
        return new NativeArgon2Engine();
    }

    /** The pure-Java BouncyCastle engine. */
    public static Argon2Engine bouncyCastle() {
        return new BouncyCastleArgon2Engine();
    }

    /** "native", "bouncycastle" or "best" (what the server uses). */
    public static Argon2Engine byName(String name) {
        return switch (name) {
            case "native" -> nativeEngine();
            case "bouncycastle", "bc" -> bouncyCastle();
            case "best" -> Argon2Engine.best();
            default -> throw new IllegalArgumentException("unknown Argon2 engine '" + name + "' (native, bouncycastle, best)");
        };
    }
}
