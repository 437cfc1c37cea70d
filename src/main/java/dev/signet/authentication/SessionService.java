package dev.signet.authentication;

import dev.signet.directory.User;
import dev.signet.storage.Database;
import dev.signet.storage.SessionRepository;
import dev.signet.storage.SessionRepository.SessionWithUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * SSO sessions stored server-side: created at login, resolved from the cookie token on each
 * request, ended by idle timeout, absolute lifetime, logout or revocation.
 */
public final class SessionService {
    /** last_seen_at is written at most this often per session, to keep reads from turning into writes. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Database db;
    private final SessionRepository sessions;
    private final Clock clock;
    /** Read on every use, so that a change in the admin console applies without a restart. */
    private final Supplier<Duration> idleTimeout;
    private final Supplier<Duration> absoluteLifetime;

    public SessionService(Database db, SessionRepository sessions, Clock clock, Duration idleTimeout, Duration absoluteLifetime) {
        this(db, sessions, clock, () -> idleTimeout, () -> absoluteLifetime);
    }

    public SessionService(Database db, SessionRepository sessions, Clock clock, Supplier<Duration> idleTimeout,
                          Supplier<Duration> absoluteLifetime) {
        this.db = db;
        this.sessions = sessions;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteLifetime = absoluteLifetime;
    }

    /** Creates a session inside the caller's transaction and returns the cookie token (shown once). */
    public NewSession create(Handle h, User user, String authMethod, String clientAddress, String userAgent) {
        Instant now = clock.instant();
        String token = Tokens.newToken();
        SsoSession s = new SsoSession(UUID.randomUUID(), user.id(), now, now, now.plus(absoluteLifetime.get()), now, authMethod,
                clientAddress, truncate(userAgent, 500));
        sessions.insert(h, s, Tokens.digest(token));
        return new NewSession(s, token);
    }

    /** The live session for a cookie token, or empty when unknown, expired, idle too long or the user is inactive. */
    public Optional<SessionWithUser> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String digest = Tokens.digest(token);
        Optional<SessionWithUser> found = db.read(h -> sessions.findByTokenHash(h, digest));
        if (found.isEmpty()) {
            return found;
        }
        SsoSession s = found.get().session();
        Instant now = clock.instant();
        if (!now.isBefore(s.expiresAt()) || !now.isBefore(s.lastSeenAt().plus(idleTimeout.get())) || !found.get().user().active()) {
            db.transaction(h -> sessions.delete(h, s.id()));
            return Optional.empty();
        }
        if (Duration.between(s.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
            db.transaction(h -> {
                sessions.touch(h, s.id(), now);
                return null;
            });
        }
        return found;
    }

    public void end(Handle h, UUID sessionId) {
        sessions.delete(h, sessionId);
    }

    public List<SsoSession> listForUser(Handle h, UUID userId) {
        return sessions.listForUser(h, userId, clock.instant());
    }

    /** Deletes sessions that can no longer be used; run periodically. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return db.transaction(h -> sessions.deleteExpired(h, now, now.minus(idleTimeout.get())));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** A session just created and its cookie token. */
    public record NewSession(SsoSession session, String token) {
    }
}
