package dev.signet.storage;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Small key/value facts about this instance, such as whether the first start has been completed. */
public final class InstanceStateRepository {

    public Optional<String> get(Handle h, String key) {
        return h.createQuery("SELECT state_value FROM instance_state WHERE state_key = :k").bind("k", key)
                .mapTo(String.class).findOne();
    }

    /** Inserts the key; returns false when it was already there (another node won the race). */
    public boolean insertIfAbsent(Handle h, String key, String value, Instant now) {
        // ON CONFLICT, not a read first: two nodes starting together would both read "absent"; this way the
        // second waits for the first to commit and then inserts nothing.
        return h.createUpdate("INSERT INTO instance_state (state_key, state_value, updated_at) VALUES (:k, :v, :now)"
                        + " ON CONFLICT DO NOTHING")
                .bind("k", key).bind("v", value).bind("now", now).execute() == 1;
    }
}
