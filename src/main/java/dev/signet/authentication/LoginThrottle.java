package dev.signet.authentication;

import dev.signet.storage.LoginFailureRepository;
import dev.signet.storage.LoginFailureRepository.Count;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Refuses sign-in for a username or a client address after too many failures within a sliding
 * window. Refused attempts are not counted, so the block lifts by itself once old failures age out:
 * an attacker can slow the real user down but cannot lock them out for good.
 */
public final class LoginThrottle {
    private final LoginFailureRepository failures;
    private final Clock clock;
    /** Read on every use, so that a change in the admin console applies without a restart. */
    private final IntSupplier maxFailures;
    private final Supplier<Duration> window;

    public LoginThrottle(LoginFailureRepository failures, Clock clock, int maxFailures, Duration window) {
        this(failures, clock, () -> maxFailures, () -> window);
    }

    public LoginThrottle(LoginFailureRepository failures, Clock clock, IntSupplier maxFailures, Supplier<Duration> window) {
        this.failures = failures;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** The throttle keys an attempt counts against: its username and its client address. */
    public List<String> keys(String username, String clientAddress) {
        return List.of(userKey(username), "addr:" + (clientAddress == null ? "unknown" : clientAddress));
    }

    /** Failures before this instant no longer count. */
    public Instant windowStart() {
        return clock.instant().minus(window.get());
    }

    /**
     * How long until another attempt is allowed, or empty when it is allowed now, from the failures
     * counted per key since {@link #windowStart} (read together with the account, in one round trip).
     */
    public Optional<Duration> retryAfter(List<Count> counted) {
        Instant now = clock.instant();
        Duration window = this.window.get();
        int maxFailures = this.maxFailures.getAsInt();
        Instant oldestBlocking = null;
        for (Count c : counted) {
            if (c.failures() >= maxFailures && (oldestBlocking == null || c.oldest().isBefore(oldestBlocking))) {
                oldestBlocking = c.oldest();
            }
        }
        if (oldestBlocking == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, oldestBlocking.plus(window));
        return Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }

    public void recordFailure(Handle h, String username, String clientAddress) {
        failures.record(h, keys(username, clientAddress), clock.instant());
    }

    /**
     * A successful login forgets the username's failures (the address keeps its own). Only when some
     * were counted before the password check: most sign-ins have none and so skip a round trip. A failure
     * recorded by a concurrent attempt after that read stays, and ages out with the window.
     */
    public void recordSuccess(Handle h, String username, List<Count> countedBefore) {
        String key = userKey(username);
        if (countedBefore.stream().anyMatch(c -> c.key().equals(key) && c.failures() > 0)) {
            failures.clear(h, key);
        }
    }

    public int purgeExpired(Handle h) {
        return failures.deleteOlderThan(h, clock.instant().minus(window.get()));
    }

    private static String userKey(String username) {
        String u = username.toLowerCase(Locale.ROOT);
        return "user:" + (u.length() > 190 ? u.substring(0, 190) : u);
    }
}
