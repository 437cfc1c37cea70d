package dev.signet.storage;

import dev.signet.applications.Application;
import dev.signet.applications.Application.AccessMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for applications and their group-based access rules. */
public final class ApplicationRepository {
    private static final String COLUMNS =
            "a.id, a.slug, a.name, a.description, a.icon_url, a.launch_url, a.access_mode, a.created_at, a.updated_at";

    public Optional<Application> findById(Handle h, UUID id) {
        return withGroups(h, h.createQuery("SELECT " + COLUMNS + " FROM applications a WHERE a.id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).list()).stream().findFirst();
    }

    public Optional<Application> findBySlug(Handle h, String slug) {
        return withGroups(h, h.createQuery("SELECT " + COLUMNS + " FROM applications a WHERE a.slug = :slug")
                .bind("slug", slug).map((rs, ctx) -> map(rs)).list()).stream().findFirst();
    }

    public Page<Application> list(Handle h, PageRequest page) {
        String where = " WHERE (:filter = '' OR LOWER(a.name) LIKE :pattern ESCAPE '!' OR a.slug LIKE :pattern ESCAPE '!')";
        String filter = page.filter() == null ? "" : page.filter();
        long total = h.createQuery("SELECT COUNT(*) FROM applications a" + where)
                .bind("filter", filter).bind("pattern", page.likePattern()).mapTo(Long.class).one();
        List<Application> items = h.createQuery("SELECT " + COLUMNS + " FROM applications a" + where
                        + " ORDER BY LOWER(a.name), a.slug LIMIT :limit OFFSET :offset")
                .bind("filter", filter).bind("pattern", page.likePattern())
                .bind("limit", page.limit()).bind("offset", page.offset())
                .map((rs, ctx) -> map(rs)).list();
        return new Page<>(withGroups(h, items), total, page.limit(), page.offset());
    }

    /** Applications the user may open: open ones, and those granted to any of the user's effective groups. */
    public List<Application> accessibleTo(Handle h, List<UUID> effectiveGroupIds) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM applications a WHERE a.access_mode = 'all'");
        if (!effectiveGroupIds.isEmpty()) {
            sql.append(" OR EXISTS (SELECT 1 FROM application_groups ag WHERE ag.application_id = a.id"
                    + " AND ag.group_id IN (<groups>))");
        }
        sql.append(" ORDER BY LOWER(a.name), a.slug");
        var query = h.createQuery(sql.toString());
        if (!effectiveGroupIds.isEmpty()) {
            query.bindList("groups", effectiveGroupIds);
        }
        return query.map((rs, ctx) -> map(rs)).list();
    }

    public void insert(Handle h, Application a) {
        h.createUpdate("INSERT INTO applications (id, slug, name, description, icon_url, launch_url, access_mode,"
                        + " created_at, updated_at) VALUES (:id, :slug, :name, :description, :iconUrl, :launchUrl,"
                        + " :accessMode, :createdAt, :updatedAt)")
                .bind("id", a.id()).bind("slug", a.slug()).bind("name", a.name())
                .bind("description", a.description()).bind("iconUrl", a.iconUrl()).bind("launchUrl", a.launchUrl())
                .bind("accessMode", a.accessMode().wire())
                .bind("createdAt", a.createdAt()).bind("updatedAt", a.updatedAt())
                .execute();
        replaceGroups(h, a.id(), a.groupIds());
    }

    public void update(Handle h, Application a) {
        h.createUpdate("UPDATE applications SET slug = :slug, name = :name, description = :description,"
                        + " icon_url = :iconUrl, launch_url = :launchUrl, access_mode = :accessMode,"
                        + " updated_at = :updatedAt WHERE id = :id")
                .bind("id", a.id()).bind("slug", a.slug()).bind("name", a.name())
                .bind("description", a.description()).bind("iconUrl", a.iconUrl()).bind("launchUrl", a.launchUrl())
                .bind("accessMode", a.accessMode().wire()).bind("updatedAt", a.updatedAt())
                .execute();
        replaceGroups(h, a.id(), a.groupIds());
    }

    public boolean delete(Handle h, UUID id) {
        return h.createUpdate("DELETE FROM applications WHERE id = :id").bind("id", id).execute() == 1;
    }

    private void replaceGroups(Handle h, UUID applicationId, List<UUID> groupIds) {
        h.createUpdate("DELETE FROM application_groups WHERE application_id = :id").bind("id", applicationId).execute();
        if (groupIds.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("INSERT INTO application_groups (application_id, group_id) VALUES (:a, :g)");
        for (UUID g : groupIds) {
            batch.bind("a", applicationId).bind("g", g).add();
        }
        batch.execute();
    }

    private List<Application> withGroups(Handle h, List<Application> apps) {
        if (apps.isEmpty()) {
            return apps;
        }
        Map<UUID, List<UUID>> groups = new HashMap<>();
        h.createQuery("SELECT application_id, group_id FROM application_groups WHERE application_id IN (<ids>)")
                .bindList("ids", apps.stream().map(Application::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return apps.stream().map(a -> new Application(a.id(), a.slug(), a.name(), a.description(), a.iconUrl(),
                a.launchUrl(), a.accessMode(), List.copyOf(groups.getOrDefault(a.id(), List.of())), a.createdAt(),
                a.updatedAt())).toList();
    }

    private static Application map(ResultSet rs) throws SQLException {
        return new Application(
                rs.getObject("id", UUID.class),
                rs.getString("slug"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("icon_url"),
                rs.getString("launch_url"),
                AccessMode.valueOf(rs.getString("access_mode").toUpperCase(Locale.ROOT)),
                List.of(),
                Times.get(rs, "created_at"),
                Times.get(rs, "updated_at"));
    }
}
