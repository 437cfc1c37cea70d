package dev.signet.authentication;

import dev.signet.config.SignetConfig.PasswordSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id password hashing in PHC format. Hashes run on a small fixed pool (one thread per core by
 * default) with a bounded queue, so a login storm waits its turn instead of allocating 19 MiB per
 * request until memory runs out.
 */
public final class PasswordHasher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final PasswordSettings settings;
    private final Argon2Engine engine;
    private final ThreadPoolExecutor pool;
    private final SecureRandom random = new SecureRandom();
    private final PhcHash dummy;

    public PasswordHasher(PasswordSettings settings) {
        this(settings, Argon2Engine.best());
    }

    PasswordHasher(PasswordSettings settings, Argon2Engine engine) {
        this.settings = settings;
        this.engine = engine;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.hashingThreads(), settings.hashingThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.hashingQueue()), r -> {
                    Thread t = new Thread(r, "password-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        log.info("password hashing: Argon2id m={} KiB, t={}, p={} with {}; {} concurrent hash(es)",
                settings.memoryKib(), settings.iterations(), settings.parallelism(), engine.name(), settings.hashingThreads());
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        // Compared against when the user does not exist, so that both cases cost one hash.
        this.dummy = new PhcHash(settings.memoryKib(), settings.iterations(), settings.parallelism(), salt, new byte[HASH_BYTES]);
    }

    public String engineName() {
        return engine.name();
    }

    /** Hashes a new password with the current parameters and a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = run(() -> engine.hash(pw, salt, settings.memoryKib(), settings.iterations(), settings.parallelism(), HASH_BYTES));
        return new PhcHash(settings.memoryKib(), settings.iterations(), settings.parallelism(), salt, out).encode();
    }

    /**
     * Checks a password against a stored hash. A null or unreadable stored hash is checked against a
     * dummy so the answer takes as long as a real check, and never matches.
     */
    public Verification verify(String password, String stored) {
        PhcHash expected = password.isEmpty() ? null : PhcHash.parse(stored).orElse(null);
        PhcHash target = expected == null ? dummy : expected;
        // libargon2 refuses an empty input; an empty password never matches anyway.
        byte[] pw = password.isEmpty() ? new byte[] {0} : password.getBytes(StandardCharsets.UTF_8);
        byte[] actual = run(() -> engine.hash(pw, target.salt(), target.memoryKib(), target.iterations(),
                target.parallelism(), target.hash().length));
        boolean matches = expected != null && MessageDigest.isEqual(actual, expected.hash());
        Arrays.fill(pw, (byte) 0);
        boolean outdated = matches && !expected.hasParameters(settings.memoryKib(), settings.iterations(), settings.parallelism());
        return new Verification(matches, outdated);
    }

    private byte[] run(Callable<byte[]> task) {
        try {
            return pool.submit(task).get();
        } catch (RejectedExecutionException e) {
            throw new HashingBusyException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusyException();
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Result of a password check; {@code needsRehash} when it matched under outdated parameters. */
    public record Verification(boolean matches, boolean needsRehash) {
    }

    /** More logins are waiting for a hash than the queue holds. */
    public static final class HashingBusyException extends RuntimeException {
        public HashingBusyException() {
            super("too many password checks in progress");
        }
    }
}
