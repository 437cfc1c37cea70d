package dev.signet.storage;

import dev.signet.authentication.SsoSession;
import dev.signet.directory.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for SSO sessions, looked up by the SHA-256 of the cookie token. */
public final class SessionRepository {
    private static final String COLUMNS =
            "id, user_id, created_at, last_seen_at, expires_at, auth_instant, auth_method, client_address, user_agent";

    public void insert(Handle h, SsoSession s, String tokenHash) {
        h.createUpdate("INSERT INTO sso_sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at,"
                        + " auth_instant, auth_method, client_address, user_agent) VALUES (:id, :tokenHash, :userId,"
                        + " :createdAt, :lastSeenAt, :expiresAt, :authInstant, :authMethod, :clientAddress, :userAgent)")
                .bind("id", s.id()).bind("tokenHash", tokenHash).bind("userId", s.userId())
                .bind("createdAt", s.createdAt()).bind("lastSeenAt", s.lastSeenAt()).bind("expiresAt", s.expiresAt())
                .bind("authInstant", s.authInstant()).bind("authMethod", s.authMethod())
                .bind("clientAddress", s.clientAddress()).bind("userAgent", s.userAgent())
                .execute();
    }

    /** The session and its user in one round trip; this runs on every authenticated request. */
    public Optional<SessionWithUser> findByTokenHash(Handle h, String tokenHash) {
        return h.createQuery("SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.auth_instant,"
                        + " s.auth_method, s.client_address, s.user_agent, u.username, u.email, u.display_name, u.active,"
                        + " u.is_admin, u.attributes, u.created_at AS user_created_at, u.updated_at AS user_updated_at,"
                        + " u.last_login_at FROM sso_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :t")
                .bind("t", tokenHash)
                .map((rs, ctx) -> new SessionWithUser(map(rs), new User(
                        rs.getObject("user_id", UUID.class), rs.getString("username"), rs.getString("email"),
                        rs.getString("display_name"), rs.getBoolean("active"), rs.getBoolean("is_admin"),
                        JsonColumns.read(rs.getString("attributes")), Times.get(rs, "user_created_at"),
                        Times.get(rs, "user_updated_at"), Times.get(rs, "last_login_at"))))
                .findOne();
    }

    public List<SsoSession> listForUser(Handle h, UUID userId, Instant now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM sso_sessions WHERE user_id = :u AND expires_at > :now"
                        + " ORDER BY created_at DESC")
                .bind("u", userId).bind("now", now).map((rs, ctx) -> map(rs)).list();
    }

    public void touch(Handle h, UUID id, Instant now) {
        h.createUpdate("UPDATE sso_sessions SET last_seen_at = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
    }

    public boolean delete(Handle h, UUID id) {
        return h.createUpdate("DELETE FROM sso_sessions WHERE id = :id").bind("id", id).execute() == 1;
    }

    public boolean deleteForUser(Handle h, UUID userId, UUID sessionId) {
        return h.createUpdate("DELETE FROM sso_sessions WHERE id = :id AND user_id = :u")
                .bind("id", sessionId).bind("u", userId).execute() == 1;
    }

    public int deleteAllForUser(Handle h, UUID userId) {
        return h.createUpdate("DELETE FROM sso_sessions WHERE user_id = :u").bind("u", userId).execute();
    }

    public int deleteOthersForUser(Handle h, UUID userId, UUID keep) {
        return h.createUpdate("DELETE FROM sso_sessions WHERE user_id = :u AND id <> :keep")
                .bind("u", userId).bind("keep", keep).execute();
    }

    /** Removes sessions past their absolute expiry or idle since before {@code idleCutoff}. */
    public int deleteExpired(Handle h, Instant now, Instant idleCutoff) {
        return h.createUpdate("DELETE FROM sso_sessions WHERE expires_at <= :now OR last_seen_at < :cutoff")
                .bind("now", now).bind("cutoff", idleCutoff).execute();
    }

    private static SsoSession map(ResultSet rs) throws SQLException {
        return new SsoSession(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                Times.get(rs, "created_at"),
                Times.get(rs, "last_seen_at"),
                Times.get(rs, "expires_at"),
                Times.get(rs, "auth_instant"),
                rs.getString("auth_method"),
                rs.getString("client_address"),
                rs.getString("user_agent"));
    }

    /** A session joined with its user. */
    public record SessionWithUser(SsoSession session, User user) {
    }
}
