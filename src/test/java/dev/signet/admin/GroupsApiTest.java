package dev.signet.admin;

import static dev.signet.testing.ApiClient.PROBLEM_JSON;
import static dev.signet.testing.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/v1/groups over real HTTP: CRUD, paging, hierarchy, memberships and effective groups. */
class GroupsApiTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withDefaults();

    final ApiClient api = server.api();

    // ---- CRUD ----

    @Test
    void create_answers_201_with_location_and_the_group_reads_back() {
        Response created = api.post("/groups", json("name", "Engineering", "attributes", Map.of("cost-center", "42")));
        assertThat(created.status()).isEqualTo(201);
        JsonNode group = created.json();
        String id = group.get("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(group.get("name").asText()).isEqualTo("Engineering");
        assertThat(group.get("attributes").get("cost-center").asText()).isEqualTo("42");
        assertThat(group.get("parentId").isNull()).isTrue();
        assertThat(created.header("Location")).hasValue("/api/v1/groups/" + id);

        Response read = api.get("/groups/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("name").asText()).isEqualTo("Engineering");
        assertThat(read.json().get("attributes")).isEqualTo(group.get("attributes"));
    }

    @Test
    void list_pages_with_limit_and_offset_filters_by_name_and_reports_the_total() {
        for (String n : List.of("paged-c", "paged-a", "Paged-B", "paged-e", "paged-d")) {
            api.createGroup(n);
        }
        api.createGroup("unrelated-group");

        Response first = api.get("/groups?name=PAGED&limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("total").asLong()).isEqualTo(5);
        assertThat(first.json().get("limit").asInt()).isEqualTo(2);
        assertThat(first.json().get("offset").asInt()).isZero();
        assertThat(first.column("name")).containsExactly("paged-a", "Paged-B");
        assertThat(api.get("/groups?name=paged&limit=2&offset=2").column("name")).containsExactly("paged-c", "paged-d");
        assertThat(api.get("/groups?name=paged&limit=2&offset=4").column("name")).containsExactly("paged-e");
        assertThat(api.get("/groups?name=paged&offset=5").column("name")).isEmpty();
        assertThat(api.get("/groups?name=nothing-matches-this").column("name")).isEmpty();
        assertThat(api.get("/groups").json().get("total").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(api.get("/groups?limit=0").status()).isEqualTo(400);
    }

    @Test
    void patch_changes_only_the_given_fields() {
        String id = api.post("/groups", json("name", "renamable", "attributes", Map.of("k", "v"))).json().get("id").asText();
        Response r = api.patch("/groups/" + id, json("name", "renamed group"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("renamed group");
        JsonNode read = api.get("/groups/" + id).json();
        assertThat(read.get("name").asText()).isEqualTo("renamed group");
        assertThat(read.get("attributes").get("k").asText()).isEqualTo("v");

        api.patch("/groups/" + id, json("attributes", Map.of("k", "w")));
        read = api.get("/groups/" + id).json();
        assertThat(read.get("name").asText()).isEqualTo("renamed group");
        assertThat(read.get("attributes").get("k").asText()).isEqualTo("w");
    }

    @Test
    void delete_answers_204_then_404_and_the_memberships_go_with_it() {
        String id = api.createGroup("doomed");
        String user = api.createUser("doomed-member", PASSWORD);
        api.addMember(id, user);

        assertThat(api.delete("/groups/" + id).status()).isEqualTo(204);
        assertThat(api.get("/groups/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/groups/" + id).status()).isEqualTo(404);
        assertThat(api.get("/groups/" + id + "/members").status()).isEqualTo(404);
        assertThat(api.get("/users/" + user + "/groups").json().get("items").size()).isZero();
        assertThat(api.get("/groups?name=doomed").column("name")).isEmpty();
    }

    @Test
    void deleting_a_parent_leaves_its_children_without_a_parent() {
        String parent = api.createGroup("orphaning-parent");
        String child = createChild("orphaning-child", parent);
        assertThat(api.delete("/groups/" + parent).status()).isEqualTo(204);
        Response read = api.get("/groups/" + child);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("parentId").isNull()).isTrue();
    }

    @Test
    void members_can_be_filtered_by_name() {
        String group = api.createGroup("filtered-members");
        api.addMember(group, api.createUser("member-ann", "correct horse battery"));
        api.addMember(group, api.createUser("member-ben", "correct horse battery"));
        Response r = api.get("/groups/" + group + "/members?name=ANN");
        assertThat(r.json().get("total").asInt()).isEqualTo(1);
        assertThat(r.json().get("items").get(0).get("username").asText()).isEqualTo("member-ann");
        assertThat(api.get("/groups/" + group + "/members").json().get("total").asInt()).isEqualTo(2);
    }

    // ---- validation and conflicts ----

    @Test
    void invalid_fields_answer_400_naming_each_field_and_nothing_is_written() {
        long before = api.get("/groups").json().get("total").asLong();
        Response r = api.post("/groups", json("name", "-starts with a hyphen", "attributes", Map.of("", "x")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("name", "attributes");

        Response types = api.post("/groups", json("name", 42, "parentId", "not-a-uuid", "attributes", "text"));
        assertThat(types.status()).isEqualTo(400);
        assertThat(types.errorFields()).containsExactlyInAnyOrder("name", "parentId", "attributes");

        Response missing = api.post("/groups", json("attributes", Map.of()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("name");

        assertThat(api.get("/groups").json().get("total").asLong()).isEqualTo(before);
    }

    @Test
    void unknown_parent_answers_400_naming_parent_id() {
        Response r = api.post("/groups", json("name", "lost-child", "parentId", UUID.randomUUID().toString()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("parentId");
        assertThat(api.get("/groups?name=lost-child").column("name")).isEmpty();
    }

    @Test
    void duplicate_group_name_is_a_conflict_ignoring_case() {
        api.createGroup("Designers");
        Response r = api.post("/groups", json("name", "designers"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.errorFields()).containsExactly("name");
        assertThat(api.get("/groups?name=designers").column("name")).containsExactly("Designers");
    }

    @Test
    void renaming_to_a_taken_name_is_a_conflict() {
        api.createGroup("taken-group");
        String id = api.createGroup("free-group");
        Response r = api.patch("/groups/" + id, json("name", "TAKEN-group"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorFields()).containsExactly("name");
        assertThat(api.get("/groups/" + id).json().get("name").asText()).isEqualTo("free-group");
        assertThat(api.patch("/groups/" + id, json("name", "Free-Group")).status()).isEqualTo(200);
    }

    @Test
    void unknown_and_malformed_ids_answer_404() {
        String group = api.createGroup("id-checks");
        String user = api.createUser("id-checks-user", PASSWORD);
        String unknown = UUID.randomUUID().toString();
        for (String id : List.of(unknown, "not-a-uuid", "' OR 1=1 --")) {
            String p = "/groups/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            assertThat(api.get(p).status()).as("GET %s", id).isEqualTo(404);
            assertThat(api.patch(p, json("name", "whatever")).status()).as("PATCH %s", id).isEqualTo(404);
            assertThat(api.delete(p).status()).as("DELETE %s", id).isEqualTo(404);
            assertThat(api.get(p + "/members").status()).as("GET members %s", id).isEqualTo(404);
            assertThat(api.put(p + "/members/" + user, null).status()).as("PUT member of %s", id).isEqualTo(404);
            assertThat(api.put("/groups/" + group + "/members/" + p.substring("/groups/".length()), null).status())
                    .as("PUT member %s", id).isEqualTo(404);
            assertThat(api.delete("/groups/" + group + "/members/" + p.substring("/groups/".length())).status())
                    .as("DELETE member %s", id).isEqualTo(404);
        }
        assertThat(api.get("/groups/" + group + "/members").json().get("total").asLong()).isZero();
    }

    // ---- hierarchy ----

    @Test
    void a_group_cannot_become_its_own_ancestor() {
        String top = api.createGroup("cycle-top");
        String middle = createChild("cycle-middle", top);
        String bottom = createChild("cycle-bottom", middle);

        Response self = api.patch("/groups/" + top, json("parentId", top));
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.contentType()).startsWith(PROBLEM_JSON);
        assertThat(self.errorFields()).containsExactly("parentId");

        Response loop = api.patch("/groups/" + top, json("parentId", bottom));
        assertThat(loop.status()).isEqualTo(409);
        assertThat(loop.errorFields()).containsExactly("parentId");
        assertThat(api.get("/groups/" + top).json().get("parentId").isNull()).isTrue();

        Response direct = api.patch("/groups/" + middle, json("parentId", bottom));
        assertThat(direct.status()).isEqualTo(409);
        assertThat(api.get("/groups/" + middle).json().get("parentId").asText()).isEqualTo(top);
    }

    @Test
    void parent_can_be_moved_and_removed_with_null() {
        String a = api.createGroup("mover-a");
        String b = api.createGroup("mover-b");
        String child = createChild("mover-child", a);

        Response moved = api.patch("/groups/" + child, json("parentId", b));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(api.get("/groups/" + child).json().get("parentId").asText()).isEqualTo(b);

        Response cleared = api.patch("/groups/" + child, "{\"parentId\":null}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(api.get("/groups/" + child).json().get("parentId").isNull()).isTrue();

        Response unknown = api.patch("/groups/" + child, json("parentId", UUID.randomUUID().toString()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("parentId");
        assertThat(api.get("/groups/" + child).json().get("parentId").isNull()).isTrue();
    }

    // ---- memberships ----

    @Test
    void members_are_added_listed_and_removed() {
        String group = api.createGroup("crew");
        String ann = api.createUser("crew-ann", PASSWORD);
        String ben = api.createUser("crew-ben", PASSWORD);

        assertThat(api.put("/groups/" + group + "/members/" + ben, null).status()).isEqualTo(201);
        assertThat(api.put("/groups/" + group + "/members/" + ann, null).status()).isEqualTo(201);
        assertThat(api.put("/groups/" + group + "/members/" + ann, null).status()).as("already a member").isEqualTo(204);

        Response members = api.get("/groups/" + group + "/members");
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.json().get("total").asLong()).isEqualTo(2);
        assertThat(members.column("username")).containsExactly("crew-ann", "crew-ben");
        assertThat(api.get("/groups/" + group + "/members?limit=1&offset=1").column("username")).containsExactly("crew-ben");
        assertThat(api.get("/groups/" + group + "/members?limit=1&offset=1").json().get("total").asLong()).isEqualTo(2);

        Response removed = api.delete("/groups/" + group + "/members/" + ann);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(api.get("/groups/" + group + "/members").column("username")).containsExactly("crew-ben");
        assertThat(api.delete("/groups/" + group + "/members/" + ann).status()).as("no longer a member").isEqualTo(404);
        assertThat(api.get("/users/" + ann + "/groups").json().get("items").size()).isZero();
    }

    @Test
    void deleting_a_user_removes_their_memberships() {
        String group = api.createGroup("leavers");
        String user = api.createUser("leaving-user", PASSWORD);
        api.addMember(group, user);
        api.delete("/users/" + user);
        assertThat(api.get("/groups/" + group + "/members").json().get("total").asLong()).isZero();
    }

    @Test
    void user_groups_include_groups_inherited_through_a_parent_with_direct_false() {
        String company = api.createGroup("inherit-company");
        String staff = createChild("inherit-staff", company);
        String team = createChild("inherit-team", staff);
        String side = api.createGroup("inherit-side");
        api.createGroup("inherit-unrelated");
        String user = api.createUser("inheritor", PASSWORD);
        api.addMember(team, user);
        api.addMember(side, user);

        Response r = api.get("/users/" + user + "/groups");
        assertThat(r.status()).isEqualTo(200);
        Map<String, Boolean> direct = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode g : r.json().get("items")) {
            direct.put(g.get("name").asText(), g.get("direct").asBoolean());
            ids.put(g.get("name").asText(), g.get("id").asText());
        }
        assertThat(direct).containsExactlyInAnyOrderEntriesOf(Map.of(
                "inherit-company", false, "inherit-staff", false, "inherit-team", true, "inherit-side", true));
        assertThat(ids).containsEntry("inherit-company", company).containsEntry("inherit-staff", staff)
                .containsEntry("inherit-team", team);

        // A direct membership of the parent too makes it direct.
        api.addMember(staff, user);
        boolean staffDirect = false;
        for (JsonNode g : api.get("/users/" + user + "/groups").json().get("items")) {
            if (g.get("name").asText().equals("inherit-staff")) {
                staffDirect = g.get("direct").asBoolean();
            }
        }
        assertThat(staffDirect).isTrue();

        // Detaching the middle group from the top ends the inherited membership.
        api.patch("/groups/" + staff, "{\"parentId\":null}");
        List<String> names = new ArrayList<>();
        api.get("/users/" + user + "/groups").json().get("items").forEach(g -> names.add(g.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("inherit-staff", "inherit-team", "inherit-side");
    }

    @Test
    void group_members_lists_direct_members_only() {
        String parent = api.createGroup("direct-parent");
        String child = createChild("direct-child", parent);
        String user = api.createUser("direct-only", PASSWORD);
        api.addMember(child, user);
        assertThat(api.get("/groups/" + child + "/members").column("username")).containsExactly("direct-only");
        assertThat(api.get("/groups/" + parent + "/members").json().get("total").asLong()).isZero();
        assertThat(api.delete("/groups/" + parent + "/members/" + user).status()).isEqualTo(404);
    }

    // ---- helpers ----

    String createChild(String name, String parentId) {
        Response r = api.post("/groups", json("name", name, "parentId", parentId));
        assertThat(r.status()).as("create %s: %s", name, r.body()).isEqualTo(201);
        assertThat(r.json().get("parentId").asText()).isEqualTo(parentId);
        return r.json().get("id").asText();
    }
}
