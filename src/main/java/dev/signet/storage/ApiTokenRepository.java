package dev.signet.storage;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for API tokens; only the SHA-256 of a token is stored. */
public final class ApiTokenRepository {

    public void insert(Handle h, UUID id, String name, String tokenHash, UUID userId, Instant now) {
        h.createUpdate("INSERT INTO api_tokens (id, name, token_hash, user_id, created_at) VALUES (:id, :name, :hash, :u, :now)")
                .bind("id", id).bind("name", name).bind("hash", tokenHash).bind("u", userId).bind("now", now).execute();
    }

    /** The user who owns the token. */
    public Optional<UUID> findUserId(Handle h, String tokenHash) {
        return h.createQuery("SELECT user_id FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash).mapTo(UUID.class).findOne();
    }
}
