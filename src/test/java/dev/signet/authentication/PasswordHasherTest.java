package dev.signet.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.config.SignetConfig.PasswordSettings;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    static final PasswordSettings SMALL = new PasswordSettings(12, 256, 1024, 1, 1, 2, 16);
    PasswordHasher hasher = new PasswordHasher(SMALL);

    @AfterEach
    void close() {
        hasher.close();
    }

    @Test
    void hash_is_a_phc_string_with_the_configured_parameters() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
    }

    @Test
    void verify_accepts_the_right_password_only() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hasher.verify("correct horse battery", hash).matches()).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash).matches()).isFalse();
        assertThat(hasher.verify("", hash).matches()).isFalse();
    }

    @Test
    void missing_or_garbage_hash_never_matches() {
        assertThat(hasher.verify("anything", null).matches()).isFalse();
        assertThat(hasher.verify("anything", "$2y$10$notargon").matches()).isFalse();
        assertThat(hasher.verify("anything", "").matches()).isFalse();
    }

    @Test
    void hash_made_with_other_parameters_verifies_and_asks_for_rehash() {
        try (PasswordHasher old = new PasswordHasher(new PasswordSettings(12, 256, 2048, 2, 1, 1, 4))) {
            String legacy = old.hash("correct horse battery");
            PasswordHasher.Verification v = hasher.verify("correct horse battery", legacy);
            assertThat(v.matches()).isTrue();
            assertThat(v.needsRehash()).isTrue();
            assertThat(hasher.verify("correct horse battery", hasher.hash("correct horse battery")).needsRehash()).isFalse();
        }
    }

    /** RFC 9106 test vectors are for the keyed variant; this one was produced by the argon2 reference CLI. */
    @Test
    void native_and_bouncycastle_engines_compute_the_same_argon2id() {
        Argon2Engine nativeEngine = Argon2Engine.best();
        assertThat(nativeEngine.name()).contains("native");
        Argon2Engine pureJava = new BouncyCastleArgon2Engine();
        byte[] password = "password".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "somesaltsomesalt".getBytes(StandardCharsets.UTF_8);
        byte[] a = nativeEngine.hash(password, salt, 64, 3, 1, 32);
        byte[] b = pureJava.hash(password, salt, 64, 3, 1, 32);
        assertThat(HexFormat.of().formatHex(a)).isEqualTo(HexFormat.of().formatHex(b));
    }

    @Test
    void hash_from_another_implementation_in_phc_format_verifies() {
        // $ echo -n "password" | argon2 somesalt -id -t 2 -m 16 -p 1 -e  (argon2 reference CLI, m=2^16 KiB)
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        PhcHash parsed = PhcHash.parse(reference).orElseThrow();
        assertThat(parsed.memoryKib()).isEqualTo(65536);
        assertThat(parsed.encode()).isEqualTo(reference);
        assertThat(hasher.verify("password", reference).matches()).isTrue();
        assertThat(hasher.verify("password", reference).needsRehash()).isTrue();
    }

    @Test
    void a_storm_beyond_the_queue_is_refused_instead_of_piling_up() throws Exception {
        PasswordSettings tiny = new PasswordSettings(12, 256, 65536, 3, 1, 1, 1);
        try (PasswordHasher busy = new PasswordHasher(tiny)) {
            int callers = 8;
            var start = new java.util.concurrent.CountDownLatch(1);
            var refused = new java.util.concurrent.atomic.AtomicInteger();
            var done = new java.util.concurrent.atomic.AtomicInteger();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
            for (int i = 0; i < callers; i++) {
                pool.submit(() -> {
                    start.await();
                    try {
                        busy.hash("correct horse battery");
                        done.incrementAndGet();
                    } catch (PasswordHasher.HashingBusyException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // One hashing thread and one queue slot: at least two finish, the rest are told "busy".
            assertThat(done.get()).isGreaterThanOrEqualTo(2);
            assertThat(refused.get()).isGreaterThan(0);
            assertThat(done.get() + refused.get()).isEqualTo(callers);
        }
    }

    @Test
    void bouncycastle_engine_works_as_the_hasher_fallback() {
        try (PasswordHasher fallback = new PasswordHasher(SMALL, new BouncyCastleArgon2Engine())) {
            String hash = fallback.hash("correct horse battery");
            assertThat(hasher.verify("correct horse battery", hash).matches()).isTrue();
            assertThat(fallback.engineName()).contains("BouncyCastle");
        }
    }
}
