package dev.signet.admin;

import static dev.signet.testing.ApiClient.PROBLEM_JSON;
import static dev.signet.testing.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/v1/users over real HTTP: CRUD, paging, validation, conflicts, password and sessions. */
class UsersApiTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    final ApiClient api = server.api();

    // ---- create, read ----

    @Test
    void create_answers_201_with_location_and_the_user_reads_back() {
        Response created = api.post("/users", json("username", "carla", "email", "carla@example.com",
                "displayName", "Carla Diaz", "admin", false, "attributes", Map.of("department", "Finance"), "password", PASSWORD));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode user = created.json();
        String id = user.get("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContainIgnoringCase("passwordHash").doesNotContain("$argon2");
        assertThat(user.get("username").asText()).isEqualTo("carla");
        assertThat(user.get("email").asText()).isEqualTo("carla@example.com");
        assertThat(user.get("displayName").asText()).isEqualTo("Carla Diaz");
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(user.get("attributes").get("department").asText()).isEqualTo("Finance");
        assertThat(user.get("createdAt").asText()).isNotBlank();
        assertThat(user.get("lastLoginAt").isNull()).isTrue();

        String location = created.header("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/users/" + id);
        Response read = api.get(location.substring("/api/v1".length()));
        assertThat(read.status()).isEqualTo(200);
        assertThat(withoutTimes(read.json())).isEqualTo(withoutTimes(user));
    }

    @Test
    void create_and_update_answer_the_times_that_are_stored() {
        Response created = api.post("/users", json("username", "timekeeper"));
        String id = created.json().get("id").asText();
        assertThat(created.json().get("createdAt").asText()).isEqualTo(api.get("/users/" + id).json().get("createdAt").asText());
        Response patched = api.patch("/users/" + id, json("displayName", "Time Keeper"));
        assertThat(patched.json().get("updatedAt").asText()).isEqualTo(api.get("/users/" + id).json().get("updatedAt").asText());
    }

    @Test
    void create_with_only_a_username_uses_defaults() {
        JsonNode user = api.post("/users", json("username", "minimal-user")).json();
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(user.get("email").isNull()).isTrue();
        assertThat(user.get("displayName").isNull()).isTrue();
        assertThat(user.get("attributes").size()).isZero();
        // No password set: the user cannot sign in with anything.
        assertThat(server.client().login("minimal-user", PASSWORD).statusCode()).isEqualTo(401);
    }

    // ---- list ----

    @Test
    void list_pages_with_limit_and_offset_and_reports_the_total() {
        for (int i = 1; i <= 5; i++) {
            api.createUser("pager-0" + i, PASSWORD);
        }
        Response first = api.get("/users?name=pager-&limit=2&offset=0");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("total").asLong()).isEqualTo(5);
        assertThat(first.json().get("limit").asInt()).isEqualTo(2);
        assertThat(first.json().get("offset").asInt()).isZero();
        assertThat(first.column("username")).containsExactly("pager-01", "pager-02");

        assertThat(api.get("/users?name=pager-&limit=2&offset=2").column("username")).containsExactly("pager-03", "pager-04");
        Response last = api.get("/users?name=pager-&limit=2&offset=4");
        assertThat(last.column("username")).containsExactly("pager-05");
        assertThat(last.json().get("total").asLong()).isEqualTo(5);
        Response beyond = api.get("/users?name=pager-&limit=2&offset=10");
        assertThat(beyond.column("username")).isEmpty();
        assertThat(beyond.json().get("total").asLong()).isEqualTo(5);
    }

    @Test
    void list_without_parameters_uses_the_default_page_and_includes_the_bootstrap_admin() {
        Response all = api.get("/users");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("limit").asInt()).isEqualTo(50);
        assertThat(all.json().get("offset").asInt()).isZero();
        assertThat(all.json().get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(all.json().get("items").size()).isEqualTo((int) Math.min(50, all.json().get("total").asLong()));
    }

    @Test
    void name_filter_matches_username_email_and_display_name_ignoring_case() {
        api.post("/users", json("username", "filter-by-name-zqx"));
        api.post("/users", json("username", "filter-mail", "email", "ZQXmail@example.com"));
        api.post("/users", json("username", "filter-display", "displayName", "Mr Zqx Display"));
        api.post("/users", json("username", "filter-other"));

        Response r = api.get("/users?name=zQx");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.column("username")).containsExactly("filter-by-name-zqx", "filter-display", "filter-mail");
        assertThat(r.json().get("total").asLong()).isEqualTo(3);
        assertThat(api.get("/users?name=no-such-user-anywhere").column("username")).isEmpty();
    }

    @Test
    void bad_paging_parameters_answer_400_naming_each_parameter() {
        Response r = api.get("/users?limit=0&offset=-1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("limit", "offset");
        assertThat(api.get("/users?limit=501").errorFields()).containsExactly("limit");
        assertThat(api.get("/users?limit=ten").errorFields()).containsExactly("limit");
        assertThat(api.get("/users?name=" + "x".repeat(201)).errorFields()).containsExactly("name");
        assertThat(api.get("/users?limit=500").status()).isEqualTo(200);
    }

    // ---- update ----

    @Test
    void patch_changes_only_the_given_fields() {
        String id = api.post("/users", json("username", "patchy", "email", "patchy@example.com", "displayName", "Patchy",
                "attributes", Map.of("team", "blue"))).json().get("id").asText();

        Response r = api.patch("/users/" + id, json("displayName", "Patchy McPatchface"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("displayName").asText()).isEqualTo("Patchy McPatchface");

        JsonNode read = api.get("/users/" + id).json();
        assertThat(read.get("displayName").asText()).isEqualTo("Patchy McPatchface");
        assertThat(read.get("username").asText()).isEqualTo("patchy");
        assertThat(read.get("email").asText()).isEqualTo("patchy@example.com");
        assertThat(read.get("active").asBoolean()).isTrue();
        assertThat(read.get("attributes").get("team").asText()).isEqualTo("blue");

        api.patch("/users/" + id, json("username", "patchy2", "admin", true, "attributes", Map.of("team", "red")));
        read = api.get("/users/" + id).json();
        assertThat(read.get("username").asText()).isEqualTo("patchy2");
        assertThat(read.get("admin").asBoolean()).isTrue();
        assertThat(read.get("attributes").get("team").asText()).isEqualTo("red");
        assertThat(read.get("displayName").asText()).isEqualTo("Patchy McPatchface");
    }

    @Test
    void patch_with_null_clears_an_optional_field() {
        String id = api.post("/users", json("username", "clearable", "email", "clear@example.com", "displayName", "Clear Me"))
                .json().get("id").asText();
        Response r = api.patch("/users/" + id, "{\"email\":null}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode read = api.get("/users/" + id).json();
        assertThat(read.get("email").isNull()).isTrue();
        assertThat(read.get("displayName").asText()).isEqualTo("Clear Me");
    }

    @Test
    void patch_with_invalid_fields_answers_400_and_changes_nothing() {
        String id = api.post("/users", json("username", "steady", "email", "steady@example.com")).json().get("id").asText();
        JsonNode before = api.get("/users/" + id).json();

        Response values = api.patch("/users/" + id, json("username", "no spaces allowed", "email", "not-an-email",
                "displayName", "x".repeat(201)));
        assertThat(values.status()).isEqualTo(400);
        assertThat(values.contentType()).startsWith(PROBLEM_JSON);
        assertThat(values.errorFields()).containsExactlyInAnyOrder("username", "email", "displayName");

        Response types = api.patch("/users/" + id, json("active", "yes", "admin", "no", "attributes", List.of(1, 2)));
        assertThat(types.status()).isEqualTo(400);
        assertThat(types.errorFields()).containsExactlyInAnyOrder("active", "admin", "attributes");

        assertThat(api.get("/users/" + id).json()).isEqualTo(before);
    }

    @Test
    void type_errors_and_value_errors_are_listed_together() {
        Response r = api.post("/users", json("username", "bad name!", "email", "no-at-sign", "active", "yes"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("username", "email", "active");
    }

    @Test
    void patch_cannot_set_a_password() {
        String id = api.createUser("patch-password", PASSWORD);
        Response r = api.patch("/users/" + id, json("password", "another long password"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("password");
        assertThat(server.client().login("patch-password", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(server.client().login("patch-password", "another long password").statusCode()).isEqualTo(401);
    }

    // ---- delete ----

    @Test
    void delete_answers_204_and_then_the_user_is_gone() {
        String id = api.createUser("short-lived", PASSWORD);
        Response r = api.delete("/users/" + id);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(api.get("/users/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/users/" + id).status()).isEqualTo(404);
        assertThat(api.get("/users?name=short-lived").column("username")).isEmpty();
        assertThat(server.client().login("short-lived", PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void administrator_cannot_delete_deactivate_or_demote_their_own_account() {
        String adminId = idOf("admin");
        Response delete = api.delete("/users/" + adminId);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.contentType()).startsWith(PROBLEM_JSON);
        assertThat(api.patch("/users/" + adminId, json("active", false)).status()).isEqualTo(409);
        assertThat(api.patch("/users/" + adminId, json("admin", false)).status()).isEqualTo(409);
        JsonNode admin = api.get("/users/" + adminId).json();
        assertThat(admin.get("active").asBoolean()).isTrue();
        assertThat(admin.get("admin").asBoolean()).isTrue();
    }

    // ---- validation ----

    @Test
    void invalid_fields_answer_400_naming_each_field_and_nothing_is_written() {
        Response r = api.post("/users", json("username", "bad name!", "email", "no-at-sign", "displayName", "bell\u0007char",
                "attributes", Map.of("", "empty name"), "password", "short"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).isEqualTo("urn:signet:problem:invalid-input");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/users");
        assertThat(r.errorFields()).containsExactlyInAnyOrder("username", "email", "displayName", "attributes", "password");
        for (JsonNode error : problem.get("errors")) {
            assertThat(error.get("pointer").asText()).isEqualTo("#/" + error.get("field").asText());
            assertThat(error.get("message").asText()).isNotBlank();
        }
        assertThat(api.get("/users?name=bad%20name").column("username")).isEmpty();
        assertThat(api.get("/users?name=no-at-sign").column("username")).isEmpty();

        Response types = api.post("/users", json("username", "typed-wrong", "active", "yes", "admin", 1, "attributes", "text"));
        assertThat(types.status()).isEqualTo(400);
        assertThat(types.errorFields()).containsExactlyInAnyOrder("active", "admin", "attributes");
        assertThat(api.get("/users?name=typed-wrong").column("username")).isEmpty();
    }

    @Test
    void missing_username_answers_400_naming_username() {
        long before = api.total("/users");
        Response r = api.post("/users", json("email", "nobody@example.com"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("username");
        assertThat(api.total("/users")).isEqualTo(before);
    }

    @Test
    void too_short_initial_password_is_refused_and_the_user_not_created() {
        Response r = api.post("/users", json("username", "weakling", "password", "tiny"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("password");
        assertThat(api.get("/users?name=weakling").column("username")).isEmpty();
    }

    @Test
    void unknown_fields_are_refused_by_name() {
        Response r = api.post("/users", json("username", "sneaky", "isAdmin", true, "role", "root"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactlyInAnyOrder("isAdmin", "role");
        assertThat(api.get("/users?name=sneaky").column("username")).isEmpty();
    }

    // ---- conflicts ----

    @Test
    void duplicate_username_differing_only_in_case_is_a_conflict() {
        assertThat(api.post("/users", json("username", "Bob", "displayName", "First Bob")).status()).isEqualTo(201);

        Response r = api.post("/users", json("username", "bob", "displayName", "Second Bob"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.json().get("type").asText()).isEqualTo("urn:signet:problem:conflict");
        assertThat(r.errorFields()).containsExactly("username");
        List<JsonNode> bobs = new ArrayList<>();
        api.get("/users?name=bob").json().get("items").forEach(u -> {
            if (u.get("username").asText().equalsIgnoreCase("bob")) {
                bobs.add(u);
            }
        });
        assertThat(bobs).hasSize(1);
        assertThat(bobs.get(0).get("displayName").asText()).isEqualTo("First Bob");
        assertThat(api.post("/users", json("username", "BOB")).status()).isEqualTo(409);
    }

    @Test
    void concurrent_creates_of_one_username_give_one_user_and_conflicts_for_the_rest() throws Exception {
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String spelling = i % 2 == 0 ? "Racer" : "racer";
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.post("/users", json("username", spelling)).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (java.util.concurrent.Future<Integer> f : answers) {
                statuses.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/users?name=racer").column("username")).hasSize(1);
    }

    @Test
    void renaming_to_a_taken_username_is_a_conflict_but_changing_own_case_is_fine() {
        api.createUser("taken-name", PASSWORD);
        String id = api.createUser("renamer", PASSWORD);

        Response r = api.patch("/users/" + id, json("username", "Taken-Name"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorFields()).containsExactly("username");
        assertThat(api.get("/users/" + id).json().get("username").asText()).isEqualTo("renamer");

        Response recase = api.patch("/users/" + id, json("username", "ReNamer"));
        assertThat(recase.status()).isEqualTo(200);
        assertThat(api.get("/users/" + id).json().get("username").asText()).isEqualTo("ReNamer");
    }

    // ---- unknown IDs ----

    @Test
    void unknown_and_malformed_ids_answer_404() {
        String unknown = UUID.randomUUID().toString();
        for (String id : List.of(unknown, "not-a-uuid", "12345", unknown.toUpperCase() + "0")) {
            assertThat(api.get("/users/" + id).status()).as("GET %s", id).isEqualTo(404);
            assertThat(api.patch("/users/" + id, json("displayName", "x")).status()).as("PATCH %s", id).isEqualTo(404);
            assertThat(api.delete("/users/" + id).status()).as("DELETE %s", id).isEqualTo(404);
            assertThat(api.put("/users/" + id + "/password", json("password", PASSWORD)).status()).as("PUT password %s", id).isEqualTo(404);
            assertThat(api.get("/users/" + id + "/groups").status()).as("GET groups %s", id).isEqualTo(404);
            assertThat(api.get("/users/" + id + "/sessions").status()).as("GET sessions %s", id).isEqualTo(404);
            assertThat(api.delete("/users/" + id + "/sessions").status()).as("DELETE sessions %s", id).isEqualTo(404);
        }
        Response r = api.get("/users/" + unknown);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.json().get("status").asInt()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).isEqualTo("User not found.");
    }

    // ---- password ----

    @Test
    void setting_a_password_lets_the_user_sign_in_with_it() {
        String id = api.createUser("pw-reset", PASSWORD);
        Response r = api.put("/users/" + id + "/password", json("password", "brand new long password"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();

        assertThat(server.client().login("pw-reset", "brand new long password").statusCode()).isEqualTo(303);
        assertThat(server.client().login("pw-reset", PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void setting_a_password_gives_a_user_without_one_a_way_in() {
        String id = api.post("/users", json("username", "no-pw-yet")).json().get("id").asText();
        assertThat(api.put("/users/" + id + "/password", json("password", PASSWORD)).status()).isEqualTo(204);
        assertThat(server.client().login("no-pw-yet", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void too_short_password_answers_400_naming_password_and_keeps_the_old_one() {
        String id = api.createUser("pw-short", PASSWORD);
        Response r = api.put("/users/" + id + "/password", json("password", "short"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.errorFields()).containsExactly("password");

        Response missing = api.put("/users/" + id + "/password", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("password");

        assertThat(server.client().login("pw-short", "short").statusCode()).isEqualTo(401);
        assertThat(server.client().login("pw-short", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void setting_a_password_ends_the_users_sessions() {
        String id = api.createUser("pw-sessions", PASSWORD);
        WebClient browser = server.client();
        assertThat(browser.login("pw-sessions", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        api.put("/users/" + id + "/password", json("password", "yet another long password"));

        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(api.get("/users/" + id + "/sessions").json().get("items").size()).isZero();
    }

    // ---- sessions ----

    @Test
    void a_users_session_is_listed_and_revoking_it_sends_the_browser_to_login() {
        String id = api.createUser("sess-one", PASSWORD);
        WebClient browser = server.client();
        assertThat(browser.login("sess-one", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        Response list = api.get("/users/" + id + "/sessions");
        assertThat(list.status()).isEqualTo(200);
        JsonNode items = list.json().get("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode session = items.get(0);
        assertThat(session.get("userId").asText()).isEqualTo(id);
        assertThat(session.get("authMethod").asText()).isEqualTo("password");
        assertThat(session.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(session.get("expiresAt").asText()).isNotBlank();
        assertThat(list.body()).doesNotContain(browser.cookie("signet_session")).doesNotContainIgnoringCase("tokenHash");

        String sessionId = session.get("id").asText();
        assertThat(api.delete("/users/" + id + "/sessions/" + sessionId).status()).isEqualTo(204);

        HttpResponse<String> portal = browser.get("/");
        assertThat(portal.statusCode()).isEqualTo(302);
        assertThat(portal.headers().firstValue("Location").orElseThrow()).startsWith("/login");
        assertThat(api.get("/users/" + id + "/sessions").json().get("items").size()).isZero();
        assertThat(api.delete("/users/" + id + "/sessions/" + sessionId).status()).isEqualTo(404);

        JsonNode revoked = api.get("/events?type=session.revoked&user=" + id).json().get("items");
        assertThat(revoked.size()).isEqualTo(1);
        assertThat(revoked.get(0).get("detail").get("session").asText()).isEqualTo(sessionId);
        assertThat(revoked.get(0).get("actorUsername").asText()).isEqualTo("admin");
    }

    @Test
    void revoking_all_sessions_signs_out_every_browser_of_the_user_only() {
        String id = api.createUser("sess-all", PASSWORD);
        api.createUser("sess-bystander", PASSWORD);
        WebClient laptop = server.client();
        WebClient phone = server.client();
        WebClient bystander = server.client();
        laptop.login("sess-all", PASSWORD);
        phone.login("sess-all", PASSWORD);
        bystander.login("sess-bystander", PASSWORD);
        assertThat(api.get("/users/" + id + "/sessions").json().get("items").size()).isEqualTo(2);

        assertThat(api.delete("/users/" + id + "/sessions").status()).isEqualTo(204);

        assertThat(laptop.get("/").statusCode()).isEqualTo(302);
        assertThat(phone.get("/").statusCode()).isEqualTo(302);
        assertThat(bystander.get("/").statusCode()).isEqualTo(200);
        assertThat(api.get("/users/" + id + "/sessions").json().get("items").size()).isZero();
    }

    @Test
    void another_users_session_cannot_be_revoked_through_this_user() {
        String owner = api.createUser("sess-owner", PASSWORD);
        String other = api.createUser("sess-other", PASSWORD);
        WebClient browser = server.client();
        browser.login("sess-owner", PASSWORD);
        String sessionId = api.get("/users/" + owner + "/sessions").json().get("items").get(0).get("id").asText();

        assertThat(api.delete("/users/" + other + "/sessions/" + sessionId).status()).isEqualTo(404);
        assertThat(api.delete("/users/" + owner + "/sessions/not-a-session").status()).isEqualTo(404);
        assertThat(api.delete("/users/" + owner + "/sessions/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        assertThat(api.get("/users/" + owner + "/sessions").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void deactivating_a_user_ends_their_sessions_and_reactivating_lets_them_back_in() {
        String id = api.createUser("toggler", PASSWORD);
        WebClient browser = server.client();
        browser.login("toggler", PASSWORD);
        assertThat(api.patch("/users/" + id, json("active", false)).json().get("active").asBoolean()).isFalse();
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(api.get("/users/" + id + "/sessions").json().get("items").size()).isZero();
        assertThat(server.client().login("toggler", PASSWORD).statusCode()).isEqualTo(401);

        api.patch("/users/" + id, json("active", true));
        assertThat(server.client().login("toggler", PASSWORD).statusCode()).isEqualTo(303);
    }

    // ---- helpers ----

    /** A user or group as read, without its timestamps. */
    static JsonNode withoutTimes(JsonNode node) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = node.deepCopy();
        copy.remove(List.of("createdAt", "updatedAt"));
        return copy;
    }

    String idOf(String username) {
        for (JsonNode u : api.get("/users?name=" + URLEncoder.encode(username, StandardCharsets.UTF_8)).json().get("items")) {
            if (u.get("username").asText().equals(username)) {
                return u.get("id").asText();
            }
        }
        throw new AssertionError("no user " + username);
    }
}
