package dev.signet.authentication;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.authentication.PasswordHasher.Verification;
import dev.signet.authentication.SessionService.NewSession;
import dev.signet.directory.User;
import dev.signet.metrics.LoginMetrics;
import dev.signet.storage.Database;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.storage.SignInLookupRepository;
import dev.signet.storage.SignInLookupRepository.SignInLookup;
import dev.signet.storage.UserRepository;
import dev.signet.storage.UserRepository.UserCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Password sign-in: throttle check, password check (always one hash, whether the user exists or not),
 * then session creation or failure accounting, each with its audit event.
 */
public final class LoginService {
    public static final String METHOD_PASSWORD = "password";
    private static final int MAX_USERNAME_LENGTH = 150;

    private final Database db;
    private final UserRepository users;
    private final SignInLookupRepository lookups;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final SessionService sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final LoginMetrics metrics;

    public LoginService(Database db, UserRepository users, SignInLookupRepository lookups, PasswordHasher hasher,
                        PasswordPolicy policy, LoginThrottle throttle, SessionService sessions, AuditLog audit, Clock clock,
                        LoginMetrics metrics) {
        this.db = db;
        this.users = users;
        this.lookups = lookups;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    public LoginResult login(String rawUsername, String password, Origin origin) {
        String username = rawUsername == null ? "" : rawUsername.strip();
        if (username.isEmpty() || password == null || password.isEmpty()) {
            metrics.failure();
            return new LoginResult.Failed("missing_credentials");
        }
        if (username.length() > MAX_USERNAME_LENGTH || password.length() > policy.maxLength() * 2) {
            // Cannot belong to any account; refuse without spending a hash on it.
            return recordFailure(truncate(username), null, "invalid_input", origin);
        }
        SignInLookup lookup = db.read(h -> lookups.find(h, username, throttle.keys(username, origin.clientAddress()),
                throttle.windowStart()));
        Optional<Duration> retryAfter = throttle.retryAfter(lookup.failures());
        if (retryAfter.isPresent()) {
            db.transaction(h -> {
                audit.record(h, origin, "login.failure", Outcome.FAILURE, lookup.credentials().map(c -> c.user().id()).orElse(null),
                        username, Map.of("reason", "throttled"));
                return null;
            });
            metrics.throttled();
            return new LoginResult.Throttled(retryAfter.get());
        }
        UserCredentials credentials = lookup.credentials().orElse(null);
        Verification check = hasher.verify(password, credentials == null ? null : credentials.passwordHash());
        if (credentials == null) {
            return recordFailure(username, null, "unknown_user", origin);
        }
        User user = credentials.user();
        if (!check.matches()) {
            return recordFailure(username, user, credentials.passwordHash() == null ? "no_password" : "bad_password", origin);
        }
        if (!user.active()) {
            return recordFailure(username, user, "inactive", origin);
        }
        String rehash = check.needsRehash() ? hasher.hash(password) : null;
        NewSession session = db.transaction(h -> {
            NewSession s = sessions.create(h, user, METHOD_PASSWORD, origin.clientAddress(), origin.userAgent());
            users.recordLogin(h, user.id(), clock.instant());
            if (rehash != null) {
                users.setPasswordHash(h, user.id(), rehash, clock.instant());
            }
            throttle.recordSuccess(h, username, lookup.failures());
            audit.record(h, origin.withActor(user.id(), user.username()), "login.success", Outcome.SUCCESS, user.id(),
                    user.username(), rehash == null ? Map.of("method", METHOD_PASSWORD)
                            : Map.of("method", METHOD_PASSWORD, "rehashed", true));
            return s;
        });
        metrics.success();
        return new LoginResult.Success(user, session);
    }

    /** Ends the session a new sign-in in the same browser replaces (re-authentication). */
    public void endReplacedSession(SessionWithUser previous) {
        db.transaction(h -> {
            sessions.end(h, previous.session().id());
            return null;
        });
    }

    /** Ends the session (logout) and records it. */
    public void logout(SessionWithUser current, Origin origin) {
        db.transaction(h -> {
            sessions.end(h, current.session().id());
            audit.record(h, origin, "logout", Outcome.SUCCESS, current.user().id(), current.user().username(), Map.of());
            return null;
        });
    }

    private LoginResult recordFailure(String username, User user, String reason, Origin origin) {
        db.transaction(h -> {
            throttle.recordFailure(h, username, origin.clientAddress());
            audit.record(h, origin, "login.failure", Outcome.FAILURE, user == null ? null : user.id(),
                    user == null ? username : user.username(), Map.of("reason", reason));
            return null;
        });
        metrics.failure();
        return new LoginResult.Failed(reason);
    }

    private static String truncate(String s) {
        return s.length() > MAX_USERNAME_LENGTH ? s.substring(0, MAX_USERNAME_LENGTH) : s;
    }

    /** What a sign-in attempt came to. The failure reason is for the audit log, never for the user. */
    public sealed interface LoginResult {
        /** Signed in; the session token goes into the cookie. */
        record Success(User user, NewSession session) implements LoginResult { }

        /** Wrong credentials or an account that may not sign in. */
        record Failed(String reason) implements LoginResult { }

        /** Too many recent failures for the username or the client address. */
        record Throttled(Duration retryAfter) implements LoginResult { }
    }
}
