package dev.signet.storage.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Turns each provider's simple attribute mappings (a user field, a user attribute, the groups or a
 * fixed value, stored as JSON) into property mappings with the equivalent CEL expression, links
 * them to the provider in the same order, and drops the old column. Equal mappings on several
 * providers become one shared mapping.
 */
public final class V5__MoveAttributeMappingsToPropertyMappings extends BaseJavaMigration {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The old stored form (enum constant names). */
    record OldMapping(String name, String friendlyName, String nameFormat, String source, String value) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Map<String, UUID> created = new HashMap<>();
        Set<String> usedNames = new HashSet<>();
        Timestamp now = Timestamp.from(Instant.now());
        try (Statement select = c.createStatement();
             ResultSet rs = select.executeQuery("SELECT application_id, attribute_mappings FROM saml_providers")) {
            while (rs.next()) {
                UUID applicationId = rs.getObject(1, UUID.class);
                List<OldMapping> old = JSON.readValue(rs.getString(2), new TypeReference<List<OldMapping>>() { });
                int position = 0;
                Set<UUID> linked = new HashSet<>();
                for (OldMapping m : old) {
                    String expression = expression(m);
                    String identity = m.name() + "\n" + m.friendlyName() + "\n" + m.nameFormat() + "\n" + expression;
                    UUID id = created.get(identity);
                    if (id == null) {
                        id = UUID.randomUUID();
                        String name = uniqueName(m.name() + " (" + m.source().toLowerCase(Locale.ROOT) + ")", usedNames);
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO property_mappings (id, builtin_key, name,"
                                + " name_key, saml_name, friendly_name, name_format, expression, description, created_at, updated_at)"
                                + " VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                            insert.setObject(1, id);
                            insert.setString(2, name);
                            insert.setString(3, name.toLowerCase(Locale.ROOT));
                            insert.setString(4, m.name());
                            insert.setString(5, m.friendlyName());
                            insert.setString(6, m.nameFormat());
                            insert.setString(7, expression);
                            insert.setString(8, "Moved from a provider's attribute mappings by the upgrade to property mappings.");
                            insert.setTimestamp(9, now);
                            insert.setTimestamp(10, now);
                            insert.executeUpdate();
                        }
                        created.put(identity, id);
                    }
                    if (linked.add(id)) {
                        try (PreparedStatement link = c.prepareStatement(
                                "INSERT INTO saml_provider_mappings (application_id, mapping_id, position) VALUES (?, ?, ?)")) {
                            link.setObject(1, applicationId);
                            link.setObject(2, id);
                            link.setInt(3, position++);
                            link.executeUpdate();
                        }
                    }
                }
            }
        }
        try (Statement drop = c.createStatement()) {
            drop.execute("ALTER TABLE saml_providers DROP COLUMN attribute_mappings");
        }
    }

    /** The CEL expression that gives what the old source gave. */
    static String expression(OldMapping m) {
        return switch (m.source().toUpperCase(Locale.ROOT)) {
            case "USERNAME" -> "user.username";
            case "EMAIL" -> "user.email";
            case "DISPLAY_NAME" -> "user.name";
            case "USER_ID" -> "user.id";
            case "GROUPS" -> "user.groups";
            case "ATTRIBUTE" -> quote(m.value()) + " in user.attributes ? user.attributes[" + quote(m.value())
                    + "] : null";
            case "FIXED" -> quote(m.value());
            default -> throw new IllegalStateException("unknown attribute source " + m.source());
        };
    }

    /**
     * A CEL string literal holding exactly {@code value}. A copy, not a call into the application:
     * a migration must keep doing what it did when it was written.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static String uniqueName(String base, Set<String> used) {
        String name = base.length() > 180 ? base.substring(0, 180) : base;
        String candidate = name;
        for (int i = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = name + " " + i;
        }
        return candidate;
    }
}
