package dev.signet.bench;

import dev.signet.authentication.Argon2Engine;
import dev.signet.authentication.Argon2Engines;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw Argon2id (v=19, p=1, 32-byte output) hashes per second, per engine and parameter set, on one
 * thread and on every core at once (as the server's hashing pool runs them). This is the ceiling a
 * password login can reach; {@link LoginLoadBenchmark} measures how close logins over HTTP come.
 *
 * <p>Run: {@code bench/login.sh --jmh} (or {@code java -cp ... org.openjdk.jmh.Main PasswordHashBenchmark}).
 * Parameters: {@code -p argon2=19456/2,7168/5 -p engine=native,bouncycastle}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(1)
@State(Scope.Benchmark)
public class PasswordHashBenchmark {

    /** Memory in KiB / iterations: the OWASP default and the comparison point (7 MiB, t=5). */
    @Param({"19456/2", "7168/5"})
    public String argon2;

    /** "native" (libargon2 via argon2-jvm) or "bouncycastle" (pure Java). */
    @Param({"native", "bouncycastle"})
    public String engine;

    private Argon2Engine hasher;
    private int memoryKib;
    private int iterations;
    private final byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    @Setup(Level.Trial)
    public void setUp() {
        String[] mt = argon2.split("/");
        memoryKib = Integer.parseInt(mt[0].trim());
        iterations = Integer.parseInt(mt[1].trim());
        hasher = Argon2Engines.byName(engine);
    }

    /** A fresh salt per hash, as for real passwords (the cost does not depend on it). */
    private byte[] hashOnce() {
        byte[] salt = new byte[16];
        ThreadLocalRandom.current().nextBytes(salt);
        return hasher.hash(password, salt, memoryKib, iterations, 1, 32);
    }

    @Benchmark
    @Threads(1)
    public byte[] oneThread() {
        return hashOnce();
    }

    /** As many concurrent hashes as cores: the server's default hashing pool. Score is the total rate. */
    @Benchmark
    @Threads(Threads.MAX)
    public byte[] allCores() {
        return hashOnce();
    }
}
