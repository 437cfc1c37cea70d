package dev.signet.storage;

import dev.signet.mappings.AttributeNameFormat;
import dev.signet.mappings.PropertyMapping;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for property mappings and which providers send them. */
public final class PropertyMappingRepository {
    private static final String COLUMNS = "id, builtin_key, name, saml_name, friendly_name, name_format, expression, description,"
            + " created_at, updated_at";

    public Optional<PropertyMapping> find(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM property_mappings WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<PropertyMapping> findByName(Handle h, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM property_mappings WHERE name_key = :key")
                .bind("key", key(name)).map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<PropertyMapping> findBuiltIn(Handle h, String builtInKey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM property_mappings WHERE builtin_key = :key")
                .bind("key", builtInKey).map((rs, ctx) -> map(rs)).findOne();
    }

    public Page<PropertyMapping> list(Handle h, PageRequest page) {
        String where = " WHERE (:filter = '' OR name_key LIKE :pattern ESCAPE '!')";
        String filter = page.filter() == null ? "" : page.filter();
        long total = h.createQuery("SELECT COUNT(*) FROM property_mappings" + where)
                .bind("filter", filter).bind("pattern", page.likePattern()).mapTo(Long.class).one();
        List<PropertyMapping> items = h.createQuery("SELECT " + COLUMNS + " FROM property_mappings" + where
                        + " ORDER BY builtin_key IS NULL, name_key LIMIT :limit OFFSET :offset")
                .bind("filter", filter).bind("pattern", page.likePattern())
                .bind("limit", page.limit()).bind("offset", page.offset())
                .map((rs, ctx) -> map(rs)).list();
        return new Page<>(items, total, page.limit(), page.offset());
    }

    public void insert(Handle h, PropertyMapping m) {
        insert(h, m, "");
    }

    /** Inserts a built-in mapping unless it exists (another node may be starting too); true when inserted. */
    public boolean insertBuiltInIfAbsent(Handle h, PropertyMapping m) {
        return insert(h, m, " ON CONFLICT DO NOTHING") == 1;
    }

    private static int insert(Handle h, PropertyMapping m, String onConflict) {
        return h.createUpdate("INSERT INTO property_mappings (" + COLUMNS + ", name_key) VALUES (:id, :builtInKey, :name, :samlName,"
                        + " :friendlyName, :nameFormat, :expression, :description, :createdAt, :updatedAt, :nameKey)" + onConflict)
                .bind("id", m.id()).bind("builtInKey", m.builtInKey()).bind("name", m.name()).bind("nameKey", key(m.name()))
                .bind("samlName", m.samlName()).bind("friendlyName", m.friendlyName()).bind("nameFormat", m.nameFormat().name())
                .bind("expression", m.expression()).bind("description", m.description())
                .bind("createdAt", m.createdAt()).bind("updatedAt", m.updatedAt())
                .execute();
    }

    public void update(Handle h, PropertyMapping m) {
        h.createUpdate("UPDATE property_mappings SET name = :name, name_key = :nameKey, saml_name = :samlName,"
                        + " friendly_name = :friendlyName, name_format = :nameFormat, expression = :expression,"
                        + " description = :description, updated_at = :updatedAt WHERE id = :id")
                .bind("id", m.id()).bind("name", m.name()).bind("nameKey", key(m.name()))
                .bind("samlName", m.samlName()).bind("friendlyName", m.friendlyName()).bind("nameFormat", m.nameFormat().name())
                .bind("expression", m.expression()).bind("description", m.description()).bind("updatedAt", m.updatedAt())
                .execute();
    }

    public boolean delete(Handle h, UUID id) {
        return h.createUpdate("DELETE FROM property_mappings WHERE id = :id").bind("id", id).execute() == 1;
    }

    /** Slugs of the applications whose provider sends the mapping or takes its NameID from it. */
    public List<String> slugsUsing(Handle h, UUID mappingId) {
        return h.createQuery("SELECT DISTINCT a.slug FROM applications a WHERE a.id IN ("
                        + " SELECT application_id FROM saml_provider_mappings WHERE mapping_id = :m"
                        + " UNION SELECT application_id FROM saml_providers WHERE name_id_mapping_id = :m) ORDER BY a.slug")
                .bind("m", mappingId).mapTo(String.class).list();
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static PropertyMapping map(ResultSet rs) throws SQLException {
        return new PropertyMapping(
                rs.getObject("id", UUID.class),
                rs.getString("builtin_key"),
                rs.getString("name"),
                rs.getString("saml_name"),
                rs.getString("friendly_name"),
                AttributeNameFormat.valueOf(rs.getString("name_format")),
                rs.getString("expression"),
                rs.getString("description"),
                Times.get(rs, "created_at"),
                Times.get(rs, "updated_at"));
    }
}
