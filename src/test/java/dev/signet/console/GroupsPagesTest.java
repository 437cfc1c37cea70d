package dev.signet.console;

import static dev.signet.console.ConsolePages.createdId;
import static dev.signet.console.ConsolePages.fieldError;
import static dev.signet.console.ConsolePages.signedInAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/groups over HTTP: what the pages show, and what the JSON API then finds stored. */
class GroupsPagesTest {

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    private final ApiClient api = server.api();

    @Test
    void creating_a_group_with_a_parent_and_attributes() {
        String parent = api.createGroup("engineering");
        WebClient web = signedInAdmin(server);
        assertThat(web.get("/admin/groups/new").body()).contains("<option value=\"" + parent + "\"");
        HttpResponse<String> r = web.post("/admin/groups", groupForm("backend", parent, "cost-center = 42\nregions = [eu, us]"));
        assertThat(r.statusCode()).isEqualTo(303);
        String id = createdId(r, "/admin/groups");

        JsonNode stored = api.get("/groups/" + id).json();
        assertThat(stored.get("name").asText()).isEqualTo("backend");
        assertThat(stored.get("parentId").asText()).isEqualTo(parent);
        assertThat(stored.get("attributes").get("cost-center").asText()).isEqualTo("42");
        assertThat(stored.get("attributes").get("regions")).hasSize(2);
        assertThat(web.get("/admin/groups?name=backend").body()).contains(">backend<").contains(">engineering<");
    }

    @Test
    void a_taken_name_is_refused_next_to_the_field_and_nothing_is_created() {
        api.createGroup("taken-group");
        WebClient web = signedInAdmin(server);
        web.get("/admin/groups/new");
        HttpResponse<String> r = web.post("/admin/groups", groupForm("Taken-Group", "", "a = b"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(fieldError(r, "name")).contains("already exists.");
        assertThat(api.total("/groups?name=taken-group")).isEqualTo(1);
    }

    @Test
    void a_bad_attribute_line_is_refused_and_nothing_is_created() {
        WebClient web = signedInAdmin(server);
        web.get("/admin/groups/new");
        HttpResponse<String> r = web.post("/admin/groups", groupForm("bad-attribute-group", "", "= no name"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fieldError(r, "attributes")).isEqualTo("Line 1: write each attribute as name = value.");
        assertThat(api.total("/groups?name=bad-attribute-group")).isZero();
    }

    @Test
    void a_parent_that_would_make_a_cycle_is_refused_and_nothing_changes() {
        String top = api.createGroup("cycle-top");
        String middle = api.createGroup("cycle-middle");
        String bottom = api.createGroup("cycle-bottom");
        assertThat(api.patch("/groups/" + middle, "{\"parentId\":\"" + top + "\"}").status()).isEqualTo(200);
        assertThat(api.patch("/groups/" + bottom, "{\"parentId\":\"" + middle + "\"}").status()).isEqualTo(200);
        WebClient web = signedInAdmin(server);
        web.get("/admin/groups/" + top);

        HttpResponse<String> r = web.post("/admin/groups/" + top, groupForm("cycle-top-renamed", bottom, "x = 1"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(fieldError(r, "parentId")).isEqualTo("A group cannot be its own ancestor.");
        assertThat(r.body()).contains("value=\"cycle-top-renamed\"");

        JsonNode stored = api.get("/groups/" + top).json();
        assertThat(stored.get("name").asText()).isEqualTo("cycle-top");
        assertThat(stored.get("parentId").isNull()).isTrue();
        assertThat(stored.get("attributes")).isEmpty();
    }

    @Test
    void editing_a_group_and_clearing_its_parent() {
        String parent = api.createGroup("old-parent");
        String id = api.createGroup("edit-group");
        api.patch("/groups/" + id, "{\"parentId\":\"" + parent + "\"}");
        WebClient web = signedInAdmin(server);
        assertThat(web.get("/admin/groups/" + id).body()).contains("<option value=\"" + parent + "\" selected");
        HttpResponse<String> r = web.post("/admin/groups/" + id, groupForm("edited-group", "", "k = v"));
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/groups/" + id + "?done=saved");

        JsonNode stored = api.get("/groups/" + id).json();
        assertThat(stored.get("name").asText()).isEqualTo("edited-group");
        assertThat(stored.get("parentId").isNull()).isTrue();
        assertThat(stored.get("attributes").get("k").asText()).isEqualTo("v");
    }

    @Test
    void members_are_added_by_username_and_removed() {
        String group = api.createGroup("members-group");
        String user = api.createUser("member-one", "a long enough password");
        WebClient web = signedInAdmin(server);
        web.get("/admin/groups/" + group);

        HttpResponse<String> unknown = web.post("/admin/groups/" + group + "/members", Map.of("username", "no-such-person"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(fieldError(unknown, "username")).isEqualTo("No user has the username 'no-such-person'.");
        assertThat(api.total("/groups/" + group + "/members")).isZero();

        assertThat(web.post("/admin/groups/" + group + "/members", Map.of("username", "Member-One")).statusCode()).isEqualTo(303);
        assertThat(api.get("/groups/" + group + "/members").column("id")).containsExactly(user);
        assertThat(web.post("/admin/groups/" + group + "/members", Map.of("username", "member-one")).headers().firstValue("Location"))
                .hasValue("/admin/groups/" + group + "?done=already-member");
        assertThat(web.get("/admin/groups/" + group + "?done=member-added").body())
                .contains("Member added.").contains(">member-one<").contains("/members/" + user + "/remove");

        assertThat(web.post("/admin/groups/" + group + "/members/" + user + "/remove", Map.of()).statusCode()).isEqualTo(303);
        assertThat(api.total("/groups/" + group + "/members")).isZero();
    }

    @Test
    void deleting_a_group_asks_first() {
        String id = api.createGroup("doomed-group");
        WebClient web = signedInAdmin(server);
        assertThat(web.get("/admin/groups/" + id + "/delete").body()).contains("Delete group doomed-group?");
        assertThat(api.get("/groups/" + id).status()).isEqualTo(200);
        HttpResponse<String> r = web.post("/admin/groups/" + id + "/delete", Map.of());
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/groups?done=deleted");
        assertThat(api.get("/groups/" + id).status()).isEqualTo(404);
    }

    private static Map<String, String> groupForm(String name, String parentId, String attributes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("parentId", parentId);
        form.put("attributes", attributes);
        return form;
    }
}
