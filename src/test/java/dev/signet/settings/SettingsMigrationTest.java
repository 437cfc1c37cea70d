package dev.signet.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V7 (settings table, audit events' application) on a database with events from before: each event
 * naming an existing application by slug or ID gets that application; the others stay without one.
 */
class SettingsMigrationTest {

    @Test
    void existing_events_get_the_application_their_detail_names() throws Exception {
        Path dir = Files.createTempDirectory("signet-migration-v7");
        TestDatabase.Jdbc db = TestDatabase.jdbcFor(dir);
        try {
            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                    .javaMigrations(new dev.signet.storage.migration.V5__MoveAttributeMappingsToPropertyMappings())
                    .target("6").load().migrate();
            UUID wiki = UUID.randomUUID();
            UUID wikiTwo = UUID.randomUUID();
            try (Connection c = db.connect()) {
                application(c, wiki, "wiki");
                application(c, wikiTwo, "wiki-two");
                event(c, "bySlug", "{\"slug\":\"wiki\",\"spEntityId\":\"https://sp\"}");
                event(c, "byLongerSlug", "{\"slug\":\"wiki-two\"}");
                event(c, "byId", "{\"applicationId\":\"" + wikiTwo + "\",\"roles\":2}");
                event(c, "deletedApp", "{\"slug\":\"gone\"}");
                event(c, "noApp", "{\"reason\":\"bad_password\"}");
            }

            Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                    .javaMigrations(new dev.signet.storage.migration.V5__MoveAttributeMappingsToPropertyMappings())
                    .load().migrate();

            try (Connection c = db.connect()) {
                assertThat(applicationOf(c, "bySlug")).isEqualTo(wiki);
                assertThat(applicationOf(c, "byLongerSlug")).isEqualTo(wikiTwo);
                assertThat(applicationOf(c, "byId")).isEqualTo(wikiTwo);
                assertThat(applicationOf(c, "deletedApp")).isNull();
                assertThat(applicationOf(c, "noApp")).isNull();
            }
        } finally {
            TestDatabase.dropFor(dir);
            TestSignet.deleteRecursively(dir);
        }
    }

    private static void application(Connection c, UUID id, String slug) throws Exception {
        try (PreparedStatement a = c.prepareStatement("INSERT INTO applications (id, slug, name, access_mode, created_at, updated_at)"
                + " VALUES (?, ?, 'App', 'all', ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            a.setObject(1, id);
            a.setString(2, slug);
            a.setTimestamp(3, now);
            a.setTimestamp(4, now);
            a.executeUpdate();
        }
    }

    /** An event whose request ID names it, for finding it again. */
    private static void event(Connection c, String name, String detail) throws Exception {
        try (PreparedStatement e = c.prepareStatement("INSERT INTO audit_events (id, occurred_at, event_type, outcome, request_id, detail)"
                + " VALUES (?, ?, 'test', 'success', ?, ?)")) {
            e.setObject(1, UUID.randomUUID());
            e.setTimestamp(2, Timestamp.from(Instant.now()));
            e.setString(3, name);
            e.setString(4, detail);
            e.executeUpdate();
        }
    }

    private static UUID applicationOf(Connection c, String name) throws Exception {
        try (PreparedStatement q = c.prepareStatement("SELECT application_id FROM audit_events WHERE request_id = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }
}
