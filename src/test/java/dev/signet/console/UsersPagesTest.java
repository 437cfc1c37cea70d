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

/** /admin/users over HTTP: what the pages show, and what the JSON API then finds stored. */
class UsersPagesTest {
    private static final String PASSWORD = "a long enough password";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    private final ApiClient api = server.api();

    @Test
    void creating_a_user_through_the_form_stores_every_field() {
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/new");
        HttpResponse<String> r = web.post("/admin/users", userForm("grace", "grace@example.com", "Grace Hopper",
                "team = compilers\nroles = [dev, ops]", PASSWORD));
        assertThat(r.statusCode()).isEqualTo(303);
        String id = createdId(r, "/admin/users");

        JsonNode stored = api.get("/users/" + id).json();
        assertThat(stored.get("username").asText()).isEqualTo("grace");
        assertThat(stored.get("email").asText()).isEqualTo("grace@example.com");
        assertThat(stored.get("displayName").asText()).isEqualTo("Grace Hopper");
        assertThat(stored.get("active").asBoolean()).isTrue();
        assertThat(stored.get("admin").asBoolean()).isFalse();
        assertThat(stored.get("attributes").get("team").asText()).isEqualTo("compilers");
        assertThat(stored.get("attributes").get("roles")).hasSize(2);
        assertThat(server.client().login("grace", PASSWORD).statusCode()).isEqualTo(303);

        HttpResponse<String> page = web.get(r.headers().firstValue("Location").orElseThrow());
        assertThat(page.body()).contains("User created.").contains("Grace Hopper").contains("roles = [dev, ops]");
    }

    @Test
    void a_taken_username_is_refused_next_to_the_field_and_nothing_is_created() {
        api.createUser("taken-name", PASSWORD);
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/new");
        HttpResponse<String> r = web.post("/admin/users", userForm("TAKEN-NAME", "other@example.com", "", "", ""));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(fieldError(r, "username")).contains("is already taken.");
        assertThat(r.body()).contains("value=\"other@example.com\"");
        assertThat(api.total("/users?name=taken-name")).isEqualTo(1);
        assertThat(api.total("/users?name=other@example.com")).isZero();
    }

    @Test
    void a_bad_attribute_line_is_refused_with_its_line_number_and_nothing_is_created() {
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/new");
        HttpResponse<String> r = web.post("/admin/users", userForm("bad-attributes", "", "", "team = a\nno equals sign here", ""));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fieldError(r, "attributes")).isEqualTo("Line 2: write each attribute as name = value.");
        assertThat(r.body()).contains("no equals sign here").contains("value=\"bad-attributes\"");
        assertThat(api.total("/users?name=bad-attributes")).isZero();
    }

    @Test
    void editing_a_user_changes_the_stored_fields() {
        String id = api.createUser("edit-me", PASSWORD);
        WebClient web = signedInAdmin(server);
        assertThat(web.get("/admin/users/" + id).body()).contains("value=\"edit-me\"");
        HttpResponse<String> r = web.post("/admin/users/" + id, userForm("edited", "edited@example.com", "Edited Name", "dept = 7", null));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/users/" + id + "?done=saved");

        JsonNode stored = api.get("/users/" + id).json();
        assertThat(stored.get("username").asText()).isEqualTo("edited");
        assertThat(stored.get("email").asText()).isEqualTo("edited@example.com");
        assertThat(stored.get("displayName").asText()).isEqualTo("Edited Name");
        assertThat(stored.get("attributes").get("dept").asText()).isEqualTo("7");
    }

    @Test
    void a_short_password_on_reset_shows_the_policy_and_keeps_the_old_password() {
        String id = api.createUser("reset-me", PASSWORD);
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/" + id);
        HttpResponse<String> refused = web.post("/admin/users/" + id + "/password", Map.of("password", "short"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(fieldError(refused, "password")).startsWith("Password must be at least");
        assertThat(refused.body()).doesNotContain("value=\"short\"");
        assertThat(server.client().login("reset-me", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(api.total("/events?type=user.password.set&user=" + id)).isZero();

        HttpResponse<String> done = web.post("/admin/users/" + id + "/password", Map.of("password", "a brand new password"));
        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(server.client().login("reset-me", "a brand new password").statusCode()).isEqualTo(303);
        assertThat(server.client().login("reset-me", PASSWORD).statusCode()).isNotEqualTo(303);
    }

    @Test
    void the_administrator_cannot_deactivate_or_demote_themself() {
        String adminId = userId("admin");
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/" + adminId);
        HttpResponse<String> r = web.post("/admin/users/" + adminId + "/deactivate", Map.of());

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(fieldError(r, "active")).isEqualTo("You cannot deactivate or demote your own account.");
        assertThat(api.get("/users/" + adminId).json().get("active").asBoolean()).isTrue();

        Map<String, String> demoted = userForm("admin", "", "Administrator", "", null);
        demoted.put("active", "true");
        demoted.remove("admin");
        HttpResponse<String> demote = web.post("/admin/users/" + adminId, demoted);
        assertThat(demote.statusCode()).isEqualTo(409);
        assertThat(fieldError(demote, "active")).isEqualTo("You cannot deactivate or demote your own account.");
        assertThat(api.get("/users/" + adminId).json().get("admin").asBoolean()).isTrue();
    }

    @Test
    void deactivating_and_activating_a_user() {
        String id = api.createUser("on-and-off", PASSWORD);
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/" + id);
        assertThat(web.post("/admin/users/" + id + "/deactivate", Map.of()).statusCode()).isEqualTo(303);
        assertThat(api.get("/users/" + id).json().get("active").asBoolean()).isFalse();
        assertThat(web.get("/admin/users/" + id + "?done=deactivated").body()).contains("User deactivated.").contains(">Activate<");
        assertThat(web.post("/admin/users/" + id + "/activate", Map.of()).statusCode()).isEqualTo(303);
        assertThat(api.get("/users/" + id).json().get("active").asBoolean()).isTrue();
    }

    @Test
    void a_session_is_listed_and_revoked_which_signs_the_user_out() {
        String id = api.createUser("signed-in", PASSWORD);
        WebClient browser = server.client();
        assertThat(browser.login("signed-in", PASSWORD).statusCode()).isEqualTo(303);
        String sessionId = api.get("/users/" + id + "/sessions").json().get("items").get(0).get("id").asText();

        WebClient web = signedInAdmin(server);
        HttpResponse<String> page = web.get("/admin/users/" + id);
        assertThat(page.body()).contains("/sessions/" + sessionId + "/revoke").contains("127.0.0.1");
        assertThat(web.post("/admin/users/" + id + "/sessions/" + sessionId + "/revoke", Map.of()).statusCode()).isEqualTo(303);

        assertThat(api.get("/users/" + id + "/sessions").json().get("items")).isEmpty();
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        JsonNode revoked = api.get("/events?type=session.revoked&user=" + id).json().get("items");
        assertThat(revoked).hasSize(1);
        assertThat(revoked.get(0).get("detail").get("session").asText()).isEqualTo(sessionId);
    }

    @Test
    void revoking_all_sessions_asks_first_then_signs_out_every_browser() {
        String id = api.createUser("many-browsers", PASSWORD);
        WebClient first = server.client();
        WebClient second = server.client();
        first.login("many-browsers", PASSWORD);
        second.login("many-browsers", PASSWORD);
        WebClient web = signedInAdmin(server);

        HttpResponse<String> confirm = web.get("/admin/users/" + id + "/sessions/revoke");
        assertThat(confirm.body()).contains("Revoke all sessions of many-browsers?");
        assertThat(api.get("/users/" + id + "/sessions").json().get("items")).hasSize(2);
        assertThat(web.post("/admin/users/" + id + "/sessions/revoke", Map.of()).statusCode()).isEqualTo(303);

        assertThat(api.get("/users/" + id + "/sessions").json().get("items")).isEmpty();
        assertThat(first.get("/").statusCode()).isEqualTo(302);
        assertThat(second.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void groups_are_added_and_removed_and_inherited_ones_are_listed() {
        String id = api.createUser("joiner", PASSWORD);
        String parent = api.createGroup("joiner-parent");
        String child = api.createGroup("joiner-child");
        assertThat(api.patch("/groups/" + child, "{\"parentId\":\"" + parent + "\"}").status()).isEqualTo(200);
        WebClient web = signedInAdmin(server);
        web.get("/admin/users/" + id);

        HttpResponse<String> none = web.post("/admin/users/" + id + "/groups", Map.of("groupId", ""));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(fieldError(none, "groupId")).isEqualTo("Choose a group.");

        String deleted = api.createGroup("joiner-deleted");
        assertThat(api.delete("/groups/" + deleted).status()).isEqualTo(204);
        HttpResponse<String> stale = web.post("/admin/users/" + id + "/groups", Map.of("groupId", deleted));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(fieldError(stale, "groupId")).isEqualTo("This group no longer exists.");

        assertThat(web.post("/admin/users/" + id + "/groups", Map.of("groupId", child)).statusCode()).isEqualTo(303);
        assertThat(web.post("/admin/users/" + id + "/groups", Map.of("groupId", child)).headers().firstValue("Location"))
                .hasValue("/admin/users/" + id + "?done=already-member");
        assertThat(api.get("/users/" + id + "/groups").column("name")).containsExactlyInAnyOrder("joiner-child", "joiner-parent");
        String page = web.get("/admin/users/" + id).body();
        assertThat(page).contains("/groups/" + child + "/remove").contains("class=\"inherited-group\">joiner-parent<");

        assertThat(web.post("/admin/users/" + id + "/groups/" + child + "/remove", Map.of()).statusCode()).isEqualTo(303);
        assertThat(api.get("/users/" + id + "/groups").column("name")).isEmpty();
    }

    @Test
    void the_list_filters_by_name_and_pages_by_fifty() {
        for (int i = 0; i < 52; i++) {
            api.createUser(String.format("listed-%02d", i), PASSWORD);
        }
        WebClient web = signedInAdmin(server);
        String first = web.get("/admin/users?name=listed-").body();
        assertThat(first).contains(">listed-00<").contains(">listed-49<").doesNotContain(">listed-50<")
                .contains("1–50 of 52").contains("href=\"/admin/users?name=listed-&amp;offset=50\"");
        String second = web.get("/admin/users?name=listed-&offset=50").body();
        assertThat(second).contains(">listed-50<").contains(">listed-51<").doesNotContain(">listed-00<");
        assertThat(web.get("/admin/users?name=nobody-is-called-this").body()).contains("No user matches");
    }

    @Test
    void deleting_a_user_asks_first() {
        String id = api.createUser("to-delete", PASSWORD);
        WebClient web = signedInAdmin(server);
        HttpResponse<String> confirm = web.get("/admin/users/" + id + "/delete");
        assertThat(confirm.body()).contains("Delete user to-delete?");
        assertThat(api.get("/users/" + id).status()).isEqualTo(200);

        HttpResponse<String> r = web.post("/admin/users/" + id + "/delete", Map.of());
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/users?done=deleted");
        assertThat(api.get("/users/" + id).status()).isEqualTo(404);
    }

    @Test
    void an_unknown_user_is_a_plain_not_found_page() {
        WebClient web = signedInAdmin(server);
        assertThat(web.get("/admin/users/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        assertThat(web.get("/admin/users/not-an-id").statusCode()).isEqualTo(404);
    }

    private String userId(String username) {
        JsonNode items = api.get("/users?name=" + username).json().get("items");
        for (JsonNode u : items) {
            if (u.get("username").asText().equals(username)) {
                return u.get("id").asText();
            }
        }
        throw new AssertionError("no user " + username);
    }

    /** The user form as a browser sends it: an unticked box is absent; a null password is left off. */
    private static Map<String, String> userForm(String username, String email, String displayName, String attributes, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("email", email);
        form.put("displayName", displayName);
        form.put("active", "true");
        form.put("attributes", attributes);
        if (password != null) {
            form.put("password", password);
        }
        return form;
    }
}
