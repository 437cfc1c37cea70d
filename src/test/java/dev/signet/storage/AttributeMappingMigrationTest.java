package dev.signet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * An installation from before property mappings (schema version 3, attribute sources stored as JSON)
 * upgrades: each old mapping becomes a property mapping with the equivalent expression, in the same
 * order, equal ones shared, and the attributes sent stay the same.
 */
class AttributeMappingMigrationTest {

    @Test
    void old_attribute_sources_become_equivalent_property_mappings() throws Exception {
        Path dir = Files.createTempDirectory("signet-migration");
        TestDatabase.Jdbc db = TestDatabase.jdbcFor(dir);
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration").target("3").load().migrate();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String mappings = "[{\"name\":\"mail\",\"friendlyName\":\"Mail\",\"nameFormat\":\"BASIC\",\"source\":\"EMAIL\",\"value\":null},"
                + "{\"name\":\"dept\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"ATTRIBUTE\",\"value\":\"department\"},"
                + "{\"name\":\"missing\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"ATTRIBUTE\",\"value\":\"no \\\"such\\\"\"},"
                + "{\"name\":\"urn:x:team\",\"friendlyName\":null,\"nameFormat\":\"URI\",\"source\":\"GROUPS\",\"value\":null},"
                + "{\"name\":\"tier\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"FIXED\",\"value\":\"gold \\\"plus\\\"\"},"
                + "{\"name\":\"who\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"USERNAME\",\"value\":null},"
                + "{\"name\":\"display\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"DISPLAY_NAME\",\"value\":null},"
                + "{\"name\":\"uid\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"USER_ID\",\"value\":null},"
                + "{\"name\":\"who (username)\",\"friendlyName\":null,\"nameFormat\":\"BASIC\",\"source\":\"fixed\",\"value\":\"clash\"}]";
        try (Connection c = db.connect()) {
            UUID keypair = UUID.randomUUID();
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement k = c.prepareStatement("INSERT INTO keypairs (id, name, key_type, certificate_pem, fingerprint_sha256,"
                    + " not_before, not_after, private_key_sealed, created_at) VALUES (?, 'old', 'RSA_2048', 'x', 'x', ?, ?, 'x', ?)")) {
                k.setObject(1, keypair);
                k.setTimestamp(2, now);
                k.setTimestamp(3, now);
                k.setTimestamp(4, now);
                k.executeUpdate();
            }
            for (UUID app : List.of(first, second)) {
                try (PreparedStatement a = c.prepareStatement("INSERT INTO applications (id, slug, name, access_mode, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'all', ?, ?)")) {
                    a.setObject(1, app);
                    a.setString(2, app.equals(first) ? "first" : "second");
                    a.setString(3, "App");
                    a.setTimestamp(4, now);
                    a.setTimestamp(5, now);
                    a.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO saml_providers (application_id, sp_entity_id, acs_urls, acs_binding,"
                        + " keypair_id, sign_assertion, sign_response, signature_algorithm, digest_algorithm, name_id_format,"
                        + " not_before_skew_seconds, assertion_validity_seconds, session_validity_seconds, require_signed_requests,"
                        + " attribute_mappings, created_at, updated_at) VALUES (?, 'https://sp.example.com', '[\"https://sp.example.com/acs\"]',"
                        + " 'POST', ?, TRUE, TRUE, 'RSA_SHA256', 'SHA256', 'PERSISTENT', 60, 300, 28800, FALSE, ?, ?, ?)")) {
                    p.setObject(1, app);
                    p.setObject(2, keypair);
                    p.setString(3, app.equals(first) ? mappings : "[{\"name\":\"mail\",\"friendlyName\":\"Mail\",\"nameFormat\":\"BASIC\","
                            + "\"source\":\"EMAIL\",\"value\":null}]");
                    p.setTimestamp(4, now);
                    p.setTimestamp(5, now);
                    p.executeUpdate();
                }
            }
        }

        try (TestSignet signet = TestSignet.start(dir, Map.of(), new MutableClock(Instant.now()))) {
            JsonNode provider = signet.api().get("/applications/" + first + "/saml").json();
            List<String> names = new ArrayList<>();
            provider.get("propertyMappings").forEach(n -> names.add(n.asText()));
            assertThat(names).containsExactly("mail (email)", "dept (attribute)", "missing (attribute)", "urn:x:team (groups)",
                    "tier (fixed)", "who (username)", "display (display_name)", "uid (user_id)", "who (username) (fixed)");
            assertThat(signet.api().get("/applications/" + second + "/saml").json().get("propertyMappings").get(0).asText())
                    .as("equal mappings are shared").isEqualTo("mail (email)");

            String user = signet.api().createUser("olga", "correct horse battery");
            signet.api().patch("/users/" + user, "{\"email\":\"olga@example.com\",\"displayName\":\"Olga O\","
                    + "\"attributes\":{\"department\":\"ops\"}}");
            signet.api().addMember(signet.api().createGroup("oncall"), user);
            JsonNode statement = signet.api().post("/applications/" + first + "/saml/test-attributes",
                    JsonBodies.json("userId", user)).json();
            assertThat(statement.get("error").isNull()).as(statement.toString()).isTrue();
            Map<String, String> sent = new java.util.LinkedHashMap<>();
            for (JsonNode a : statement.get("attributes")) {
                sent.put(a.get("name").asText(), a.get("values").toString());
            }
            assertThat(sent).containsExactly(Map.entry("mail", "[\"olga@example.com\"]"), Map.entry("dept", "[\"ops\"]"),
                    Map.entry("urn:x:team", "[\"oncall\"]"), Map.entry("tier", "[\"gold \\\"plus\\\"\"]"), Map.entry("who", "[\"olga\"]"),
                    Map.entry("display", "[\"Olga O\"]"), Map.entry("uid", "[\"" + user + "\"]"), Map.entry("who (username)", "[\"clash\"]"));
            assertThat(statement.get("attributes").get(0).get("friendlyName").asText()).isEqualTo("Mail");
            assertThat(statement.get("attributes").get(0).get("nameFormatUri").asText())
                    .isEqualTo("urn:oasis:names:tc:SAML:2.0:attrname-format:basic");
        } finally {
            TestSignet.deleteRecursively(dir);
        }
    }
}
