package dev.signet.storage;

import dev.signet.directory.Group;
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

/** SQL for groups and group membership. */
public final class GroupRepository {
    private static final String COLUMNS = "id, name, attributes, parent_id, created_at, updated_at";

    /** Direct groups of a user plus all their ancestors, as one recursive query. */
    private static final String EFFECTIVE_GROUP_IDS = "WITH RECURSIVE effective(id) AS ("
            + " SELECT group_id FROM group_members WHERE user_id = :userId"
            + " UNION SELECT g.parent_id FROM user_groups g JOIN effective e ON g.id = e.id WHERE g.parent_id IS NOT NULL)"
            + " SELECT id FROM effective";

    public Optional<Group> findById(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM user_groups WHERE id = :id")
                .bind("id", id).map(GroupRepository::map).findOne();
    }

    public Optional<Group> findByName(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM user_groups WHERE name_key = :key")
                .bind("key", key(name)).map(GroupRepository::map).findOne();
    }

    public Page<Group> list(Handle h, PageRequest page) {
        String where = " WHERE (:filter = '' OR name_key LIKE :pattern ESCAPE '!')";
        String filter = page.filter() == null ? "" : page.filter();
        long total = h.createQuery("SELECT COUNT(*) FROM user_groups" + where)
                .bind("filter", filter).bind("pattern", page.likePattern()).mapTo(Long.class).one();
        List<Group> items = h.createQuery("SELECT " + COLUMNS + " FROM user_groups" + where
                        + " ORDER BY name_key LIMIT :limit OFFSET :offset")
                .bind("filter", filter).bind("pattern", page.likePattern())
                .bind("limit", page.limit()).bind("offset", page.offset())
                .map(GroupRepository::map).list();
        return new Page<>(items, total, page.limit(), page.offset());
    }

    public void insert(Handle h, Group g) {
        h.createUpdate("INSERT INTO user_groups (id, name, name_key, attributes, parent_id, created_at, updated_at)"
                        + " VALUES (:id, :name, :key, :attributes, :parentId, :createdAt, :updatedAt)")
                .bind("id", g.id()).bind("name", g.name()).bind("key", key(g.name()))
                .bind("attributes", JsonColumns.write(g.attributes()))
                .bind("parentId", g.parentId())
                .bind("createdAt", g.createdAt()).bind("updatedAt", g.updatedAt())
                .execute();
    }

    public void update(Handle h, Group g) {
        h.createUpdate("UPDATE user_groups SET name = :name, name_key = :key, attributes = :attributes,"
                        + " parent_id = :parentId, updated_at = :updatedAt WHERE id = :id")
                .bind("id", g.id()).bind("name", g.name()).bind("key", key(g.name()))
                .bind("attributes", JsonColumns.write(g.attributes()))
                .bind("parentId", g.parentId()).bind("updatedAt", g.updatedAt())
                .execute();
    }

    public boolean delete(Handle h, UUID id) {
        return h.createUpdate("DELETE FROM user_groups WHERE id = :id").bind("id", id).execute() == 1;
    }

    /** The group and all its ancestors' IDs, to refuse a parent that would make a cycle. */
    public List<UUID> ancestorsAndSelf(Handle h, UUID id) {
        return h.createQuery("WITH RECURSIVE up(id) AS (SELECT CAST(:id AS UUID)"
                        + " UNION SELECT g.parent_id FROM user_groups g JOIN up ON g.id = up.id WHERE g.parent_id IS NOT NULL)"
                        + " SELECT id FROM up")
                .bind("id", id).mapTo(UUID.class).list();
    }

    public boolean addMember(Handle h, UUID groupId, UUID userId, Instant now) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM group_members WHERE group_id = :g AND user_id = :u")
                .bind("g", groupId).bind("u", userId).mapTo(Integer.class).one() > 0;
        if (exists) {
            return false;
        }
        h.createUpdate("INSERT INTO group_members (group_id, user_id, added_at) VALUES (:g, :u, :now)")
                .bind("g", groupId).bind("u", userId).bind("now", now).execute();
        return true;
    }

    public boolean removeMember(Handle h, UUID groupId, UUID userId) {
        return h.createUpdate("DELETE FROM group_members WHERE group_id = :g AND user_id = :u")
                .bind("g", groupId).bind("u", userId).execute() == 1;
    }

    /** Members of a group; the page's filter matches username, email or display name. */
    public Page<User> members(Handle h, UUID groupId, PageRequest page) {
        String where = " WHERE m.group_id = :g AND " + UserRepository.MATCHES_FILTER;
        String from = " FROM users u JOIN group_members m ON m.user_id = u.id";
        String filter = page.filter() == null ? "" : page.filter();
        long total = h.createQuery("SELECT COUNT(*)" + from + where)
                .bind("g", groupId).bind("filter", filter).bind("pattern", page.likePattern()).mapTo(Long.class).one();
        List<User> items = h.createQuery("SELECT " + UserRepository.COLUMNS + from + where
                        + " ORDER BY u.username_key LIMIT :limit OFFSET :offset")
                .bind("g", groupId).bind("filter", filter).bind("pattern", page.likePattern())
                .bind("limit", page.limit()).bind("offset", page.offset())
                .map(UserRepository::map).list();
        return new Page<>(items, total, page.limit(), page.offset());
    }

    public List<Group> directGroupsOf(Handle h, UUID userId) {
        return h.createQuery("SELECT g.id, g.name, g.attributes, g.parent_id, g.created_at, g.updated_at"
                        + " FROM user_groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = :u ORDER BY g.name_key")
                .bind("u", userId).map(GroupRepository::map).list();
    }

    public List<Group> effectiveGroupsOf(Handle h, UUID userId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM user_groups WHERE id IN (" + EFFECTIVE_GROUP_IDS + ") ORDER BY name_key")
                .bind("userId", userId).map(GroupRepository::map).list();
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static Group map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Group(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                JsonColumns.read(rs.getString("attributes")),
                rs.getObject("parent_id", UUID.class),
                Times.get(rs, "created_at"),
                Times.get(rs, "updated_at"));
    }
}
