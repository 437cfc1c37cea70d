package dev.signet.storage;

import dev.signet.directory.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for the users table. Methods take the caller's handle so that callers decide the transaction. */
public final class UserRepository {
    /** The columns {@link #map} reads, from the users table aliased {@code u}. */
    static final String COLUMNS = "u.id, u.username, u.email, u.display_name, u.active, u.is_admin, u.attributes,"
            + " u.created_at, u.updated_at, u.last_login_at";
    /** The ?name= filter over users (alias {@code u}): username, email or display name, ignoring case. */
    static final String MATCHES_FILTER = "(:filter = '' OR LOWER(u.username) LIKE :pattern ESCAPE '!'"
            + " OR LOWER(COALESCE(u.email, '')) LIKE :pattern ESCAPE '!'"
            + " OR LOWER(COALESCE(u.display_name, '')) LIKE :pattern ESCAPE '!')";

    public Optional<User> findById(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users u WHERE u.id = :id")
                .bind("id", id).map(UserRepository::map).findOne();
    }

    public Optional<User> findByUsername(Handle h, String username) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users u WHERE u.username_key = :key")
                .bind("key", key(username)).map(UserRepository::map).findOne();
    }

    /** The user and their stored password hash, for the login check, in one round trip. */
    public Optional<UserCredentials> findCredentials(Handle h, String username) {
        return h.createQuery("SELECT " + COLUMNS + ", u.password_hash FROM users u WHERE u.username_key = :key")
                .bind("key", key(username))
                .map((rs, ctx) -> new UserCredentials(map(rs, ctx), rs.getString("password_hash")))
                .findOne();
    }

    public Optional<String> passwordHash(Handle h, UUID id) {
        return h.createQuery("SELECT password_hash FROM users WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne();
    }

    public Page<User> list(Handle h, PageRequest page) {
        String where = " WHERE " + MATCHES_FILTER;
        String filter = page.filter() == null ? "" : page.filter();
        long total = h.createQuery("SELECT COUNT(*) FROM users u" + where)
                .bind("filter", filter).bind("pattern", page.likePattern()).mapTo(Long.class).one();
        List<User> items = h.createQuery("SELECT " + COLUMNS + " FROM users u" + where
                        + " ORDER BY u.username_key LIMIT :limit OFFSET :offset")
                .bind("filter", filter).bind("pattern", page.likePattern())
                .bind("limit", page.limit()).bind("offset", page.offset())
                .map(UserRepository::map).list();
        return new Page<>(items, total, page.limit(), page.offset());
    }

    public void insert(Handle h, User u, String passwordHash) {
        h.createUpdate("INSERT INTO users (id, username, username_key, email, display_name, active, is_admin, attributes,"
                        + " password_hash, created_at, updated_at) VALUES (:id, :username, :key, :email, :displayName,"
                        + " :active, :admin, :attributes, :hash, :createdAt, :updatedAt)")
                .bind("id", u.id()).bind("username", u.username()).bind("key", key(u.username()))
                .bind("email", u.email()).bind("displayName", u.displayName())
                .bind("active", u.active()).bind("admin", u.admin())
                .bind("attributes", JsonColumns.write(u.attributes()))
                .bind("hash", passwordHash)
                .bind("createdAt", u.createdAt()).bind("updatedAt", u.updatedAt())
                .execute();
    }

    public void update(Handle h, User u) {
        h.createUpdate("UPDATE users SET username = :username, username_key = :key, email = :email,"
                        + " display_name = :displayName, active = :active, is_admin = :admin, attributes = :attributes,"
                        + " updated_at = :updatedAt WHERE id = :id")
                .bind("id", u.id()).bind("username", u.username()).bind("key", key(u.username()))
                .bind("email", u.email()).bind("displayName", u.displayName())
                .bind("active", u.active()).bind("admin", u.admin())
                .bind("attributes", JsonColumns.write(u.attributes()))
                .bind("updatedAt", u.updatedAt())
                .execute();
    }

    public void setPasswordHash(Handle h, UUID id, String hash, Instant now) {
        h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("hash", hash).bind("now", now).execute();
    }

    public void recordLogin(Handle h, UUID id, Instant now) {
        h.createUpdate("UPDATE users SET last_login_at = :now WHERE id = :id").bind("id", id).bind("now", now).execute();
    }

    public boolean delete(Handle h, UUID id) {
        return h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute() == 1;
    }

    public static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getBoolean("active"),
                rs.getBoolean("is_admin"),
                JsonColumns.read(rs.getString("attributes")),
                Times.get(rs, "created_at"),
                Times.get(rs, "updated_at"),
                Times.get(rs, "last_login_at"));
    }

    /** A user together with the stored password hash (null when no password is set). */
    public record UserCredentials(User user, String passwordHash) {
    }
}
