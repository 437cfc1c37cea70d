package dev.signet.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Failed-login counters for throttling, kept in the database so that every node sees the same counts. */
public final class LoginFailureRepository {

    public void record(Handle h, List<String> keys, Instant now) {
        var batch = h.prepareBatch("INSERT INTO login_failures (id, throttle_key, failed_at) VALUES (:id, :key, :now)");
        for (String key : keys) {
            batch.bind("id", UUID.randomUUID()).bind("key", key).bind("now", now).add();
        }
        batch.execute();
    }

    public void clear(Handle h, String key) {
        h.createUpdate("DELETE FROM login_failures WHERE throttle_key = :key").bind("key", key).execute();
    }

    public int deleteOlderThan(Handle h, Instant cutoff) {
        return h.createUpdate("DELETE FROM login_failures WHERE failed_at <= :cutoff").bind("cutoff", cutoff).execute();
    }

    /** Failures counted for one throttle key (read with the account: {@link SignInLookupRepository}). */
    public record Count(String key, int failures, Instant oldest) {
    }
}
