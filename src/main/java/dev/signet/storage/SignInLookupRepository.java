package dev.signet.storage;

import dev.signet.storage.LoginFailureRepository.Count;
import dev.signet.storage.UserRepository.UserCredentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The one read a password sign-in makes before it hashes: the account and its password hash, and the
 * recent failures of each throttle key, in a single round trip. The row source is one constant row so
 * that an unknown username still brings back the failure counts.
 */
public final class SignInLookupRepository {
    private static final String SQL = "SELECT " + UserRepository.COLUMNS + ", u.password_hash,"
            + " f.throttle_key AS failure_key, f.n AS failure_count, f.oldest AS failure_oldest"
            + " FROM (SELECT 1 AS one) d"
            + " LEFT JOIN users u ON u.username_key = :key"
            + " LEFT JOIN (SELECT throttle_key, COUNT(*) AS n, MIN(failed_at) AS oldest FROM login_failures"
            + " WHERE throttle_key IN (<keys>) AND failed_at > :since GROUP BY throttle_key) f ON 1 = 1";

    public SignInLookup find(Handle h, String username, List<String> throttleKeys, Instant since) {
        List<UserCredentials> credentials = new ArrayList<>(1);
        List<Count> failures = new ArrayList<>(throttleKeys.size());
        h.createQuery(SQL).bind("key", UserRepository.key(username)).bindList("keys", throttleKeys).bind("since", since)
                .map((rs, ctx) -> {
                    if (credentials.isEmpty() && rs.getObject("id", UUID.class) != null) {
                        credentials.add(new UserCredentials(UserRepository.map(rs, ctx), rs.getString("password_hash")));
                    }
                    String key = rs.getString("failure_key");
                    if (key != null) {
                        failures.add(new Count(key, rs.getInt("failure_count"), Times.get(rs, "failure_oldest")));
                    }
                    return key;
                })
                .list();
        return new SignInLookup(credentials.stream().findFirst(), List.copyOf(failures));
    }

    /** The account (empty when the username is unknown) and the failures counted within the window, per key. */
    public record SignInLookup(Optional<UserCredentials> credentials, List<Count> failures) {
    }
}
