package dev.signet.admin;

import static dev.signet.testing.ApiClient.PROBLEM_JSON;
import static dev.signet.testing.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/v1/applications over real HTTP: CRUD, paging, validation, slug conflicts and group grants. */
class ApplicationsApiTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withDefaults();

    final ApiClient api = server.api();

    @Test
    void create_answers_201_with_location_and_the_application_reads_back() {
        String group = api.createGroup("wiki-editors");
        Response created = api.post("/applications", json("slug", "wiki", "name", "  Team Wiki  ",
                "description", "Where we write things down", "iconUrl", "https://wiki.example.com/icon.png",
                "launchUrl", "https://wiki.example.com/", "accessMode", "groups", "groupIds", List.of(group, group)));

        assertThat(created.status()).isEqualTo(201);
        JsonNode app = created.json();
        String id = app.get("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(created.header("Location")).hasValue("/api/v1/applications/" + id);
        assertThat(app.get("slug").asText()).isEqualTo("wiki");
        assertThat(app.get("name").asText()).as("name is stripped").isEqualTo("Team Wiki");
        assertThat(app.get("description").asText()).isEqualTo("Where we write things down");
        assertThat(app.get("iconUrl").asText()).isEqualTo("https://wiki.example.com/icon.png");
        assertThat(app.get("launchUrl").asText()).isEqualTo("https://wiki.example.com/");
        assertThat(app.get("accessMode").asText()).isEqualTo("groups");
        assertThat(texts(app.get("groupIds"))).as("duplicates dropped").containsExactly(group);

        Response read = api.get("/applications/" + id);
        assertThat(read.status()).isEqualTo(200);
        for (String field : List.of("id", "slug", "name", "description", "iconUrl", "launchUrl", "accessMode", "groupIds")) {
            assertThat(read.json().get(field)).as(field).isEqualTo(app.get(field));
        }
    }

    @Test
    void create_with_slug_and_name_only_is_open_to_all() {
        Response r = api.post("/applications", json("slug", "plain", "name", "Plain"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("accessMode").asText()).isEqualTo("all");
        assertThat(r.json().get("groupIds").size()).isZero();
        assertThat(r.json().get("description").isNull()).isTrue();
        assertThat(r.json().get("launchUrl").isNull()).isTrue();
    }

    @Test
    void list_pages_with_limit_and_offset_filters_by_name_or_slug_and_reports_the_total() {
        api.post("/applications", json("slug", "list-a", "name", "Listed Alpha"));
        api.post("/applications", json("slug", "list-b", "name", "listed beta"));
        api.post("/applications", json("slug", "list-c", "name", "Listed Gamma"));
        api.post("/applications", json("slug", "other-listed-slug", "name", "Zeta"));
        api.post("/applications", json("slug", "unrelated-app", "name", "Unrelated"));

        Response first = api.get("/applications?name=LISTED&limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("total").asLong()).isEqualTo(4);
        assertThat(first.json().get("limit").asInt()).isEqualTo(2);
        assertThat(first.json().get("offset").asInt()).isZero();
        assertThat(first.column("slug")).containsExactly("list-a", "list-b");
        Response second = api.get("/applications?name=listed&limit=2&offset=2");
        assertThat(second.column("slug")).containsExactly("list-c", "other-listed-slug");
        assertThat(second.json().get("total").asLong()).isEqualTo(4);
        assertThat(api.get("/applications?name=listed&limit=2&offset=4").column("slug")).isEmpty();
        assertThat(api.get("/applications?name=unrelated").column("slug")).containsExactly("unrelated-app");
        assertThat(api.get("/applications?offset=-5").status()).isEqualTo(400);
    }

    @Test
    void patch_changes_only_the_given_fields_and_null_clears_optional_text() {
        String id = api.post("/applications", json("slug", "patch-me", "name", "Patch Me", "description", "Old words",
                "launchUrl", "/portal/somewhere")).json().get("id").asText();

        Response r = api.patch("/applications/" + id, json("name", "Patched"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode read = api.get("/applications/" + id).json();
        assertThat(read.get("name").asText()).isEqualTo("Patched");
        assertThat(read.get("slug").asText()).isEqualTo("patch-me");
        assertThat(read.get("description").asText()).isEqualTo("Old words");
        assertThat(read.get("launchUrl").asText()).isEqualTo("/portal/somewhere");

        api.patch("/applications/" + id, "{\"description\":null,\"slug\":\"patched\"}");
        read = api.get("/applications/" + id).json();
        assertThat(read.get("description").isNull()).isTrue();
        assertThat(read.get("slug").asText()).isEqualTo("patched");
        assertThat(read.get("name").asText()).isEqualTo("Patched");
    }

    @Test
    void group_grants_are_replaced_on_patch_and_dropped_when_the_group_is_deleted() {
        String g1 = api.createGroup("grant-one");
        String g2 = api.createGroup("grant-two");
        String id = api.post("/applications", json("slug", "granted", "name", "Granted", "accessMode", "groups",
                "groupIds", List.of(g1))).json().get("id").asText();

        api.patch("/applications/" + id, json("groupIds", List.of(g2)));
        assertThat(texts(api.get("/applications/" + id).json().get("groupIds"))).containsExactly(g2);
        api.patch("/applications/" + id, json("name", "Still Granted"));
        assertThat(texts(api.get("/applications/" + id).json().get("groupIds"))).containsExactly(g2);

        api.delete("/groups/" + g2);
        assertThat(api.get("/applications/" + id).json().get("groupIds").size()).isZero();
    }

    @Test
    void delete_answers_204_then_404() {
        String id = api.post("/applications", json("slug", "gone-soon", "name", "Gone Soon")).json().get("id").asText();
        Response r = api.delete("/applications/" + id);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(api.get("/applications/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/applications/" + id).status()).isEqualTo(404);
        assertThat(api.get("/applications?name=gone-soon").column("slug")).isEmpty();
        // The slug is free again.
        assertThat(api.post("/applications", json("slug", "gone-soon", "name", "Back Again")).status()).isEqualTo(201);
    }

    @Test
    void invalid_fields_answer_400_naming_each_field_and_nothing_is_written() {
        long before = api.get("/applications").json().get("total").asLong();
        Response r = api.post("/applications", json("slug", "Not A Slug", "name", " ", "description", "d".repeat(2001),
                "iconUrl", "javascript:alert(1)", "launchUrl", "//evil.example.com/", "accessMode", "some"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("slug", "name", "description", "iconUrl", "launchUrl", "accessMode");

        Response types = api.post("/applications", json("slug", "typed", "name", "Typed", "groupIds", List.of("not-a-uuid")));
        assertThat(types.status()).isEqualTo(400);
        assertThat(types.errorFields()).containsExactly("groupIds");

        Response unknownGroup = api.post("/applications", json("slug", "ghost-group", "name", "Ghost",
                "accessMode", "groups", "groupIds", List.of(UUID.randomUUID().toString())));
        assertThat(unknownGroup.status()).isEqualTo(400);
        assertThat(unknownGroup.errorFields()).containsExactly("groupIds");

        Response missing = api.post("/applications", json("description", "no slug, no name"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactlyInAnyOrder("slug", "name");

        assertThat(api.get("/applications").json().get("total").asLong()).isEqualTo(before);
        assertThat(api.get("/applications?name=ghost").column("slug")).isEmpty();
    }

    @Test
    void invalid_patch_answers_400_and_changes_nothing() {
        String id = api.post("/applications", json("slug", "stable-app", "name", "Stable")).json().get("id").asText();
        JsonNode before = api.get("/applications/" + id).json();
        Response r = api.patch("/applications/" + id, json("slug", "-bad-", "launchUrl", "ftp://files.example.com/", "accessMode", "none"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("slug", "launchUrl", "accessMode");
        assertThat(api.get("/applications/" + id).json()).isEqualTo(before);
    }

    @Test
    void duplicate_slug_is_a_conflict() {
        api.post("/applications", json("slug", "chat", "name", "Chat"));
        Response r = api.post("/applications", json("slug", "chat", "name", "Another Chat"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.errorFields()).containsExactly("slug");
        List<String> names = new ArrayList<>();
        api.get("/applications?name=chat").json().get("items").forEach(a -> names.add(a.get("name").asText()));
        assertThat(names).containsExactly("Chat");

        String other = api.post("/applications", json("slug", "mail", "name", "Mail")).json().get("id").asText();
        Response rename = api.patch("/applications/" + other, json("slug", "chat"));
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.errorFields()).containsExactly("slug");
        assertThat(api.get("/applications/" + other).json().get("slug").asText()).isEqualTo("mail");
    }

    @Test
    void unknown_and_malformed_ids_answer_404() {
        for (String id : List.of(UUID.randomUUID().toString(), "wiki", "00000000-0000-0000-0000-00000000000g")) {
            assertThat(api.get("/applications/" + id).status()).as("GET %s", id).isEqualTo(404);
            assertThat(api.patch("/applications/" + id, json("name", "x")).status()).as("PATCH %s", id).isEqualTo(404);
            assertThat(api.delete("/applications/" + id).status()).as("DELETE %s", id).isEqualTo(404);
        }
        Response r = api.get("/applications/" + UUID.randomUUID());
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.json().get("detail").asText()).isEqualTo("Application not found.");
    }

    // ---- helpers ----

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
