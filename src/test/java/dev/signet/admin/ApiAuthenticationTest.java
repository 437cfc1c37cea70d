package dev.signet.admin;

import static dev.signet.testing.ApiClient.PROBLEM_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who may call the admin API: bearer tokens, administrators' browser sessions with CSRF protection on writes. */
class ApiAuthenticationTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    final ApiClient api = server.api();

    // ---- tokens ----

    @Test
    void no_token_is_401_with_www_authenticate() {
        Response r = api.withAuthorization(null).get("/users");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.json().get("status").asInt()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("\"items\"");

        ApiClient anonymous = api.withToken(null);
        for (String path : List.of("/users", "/groups", "/applications", "/events", "/users/" + java.util.UUID.randomUUID())) {
            assertThat(anonymous.get(path).status()).as("GET %s", path).isEqualTo(401);
        }
    }

    @Test
    void wrong_token_is_401_and_writes_nothing() {
        ApiClient forger = api.withToken("test-admin-token-0123456789abcdefghijklmnoX");
        Response get = forger.get("/users");
        assertThat(get.status()).isEqualTo(401);
        assertThat(get.contentType()).startsWith(PROBLEM_JSON);

        Response post = forger.post("/users", "{\"username\":\"forged-user\"}");
        assertThat(post.status()).isEqualTo(401);
        assertThat(api.get("/users?name=forged-user").json().get("total").asLong()).isZero();

        Response wrongScheme = api.withAuthorization("Basic YWRtaW46YWRtaW4=").get("/users");
        assertThat(wrongScheme.status()).isEqualTo(401);
        assertThat(wrongScheme.header("WWW-Authenticate")).isPresent();
        assertThat(api.withAuthorization("Bearer ").get("/users").status()).isEqualTo(401);
        assertThat(api.withAuthorization("Bearer " + "x".repeat(600)).get("/users").status()).isEqualTo(401);
        assertThat(api.withAuthorization("bearer " + TestSignet.ADMIN_TOKEN).get("/users").status())
                .as("the scheme name is case-insensitive").isEqualTo(200);
    }

    @Test
    void the_openapi_document_needs_no_credentials() {
        Response r = api.withToken(null).get("/openapi.yaml");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith("openapi:");
    }

    // ---- sessions ----

    @Test
    void a_non_admin_users_session_is_forbidden() {
        api.createUser("plain-pat", PASSWORD);
        WebClient browser = signedIn("plain-pat");

        Response r = session(browser, "GET", "/users", null, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(r.body()).doesNotContain("plain-pat");

        browser.get("/account");
        Response write = session(browser, "POST", "/users", "{\"username\":\"pat-made-this\"}", browser.csrf());
        assertThat(write.status()).isEqualTo(403);
        assertThat(api.get("/users?name=pat-made-this").json().get("total").asLong()).isZero();
    }

    @Test
    void an_admin_users_browser_session_can_read() {
        api.post("/users", "{\"username\":\"admin-ada\",\"password\":\"" + PASSWORD + "\",\"admin\":true}");
        WebClient browser = signedIn("admin-ada");

        Response r = session(browser, "GET", "/users?name=admin-ada", null, null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode page = r.json();
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("username").asText()).isEqualTo("admin-ada");
    }

    @Test
    void no_session_cookie_is_401_not_a_redirect() {
        WebClient browser = server.client();
        Response r = session(browser, "GET", "/users", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Location")).isEmpty();
        assertThat(r.header("WWW-Authenticate")).isPresent();
    }

    @Test
    void session_write_without_the_csrf_header_is_forbidden_and_writes_nothing() {
        api.post("/users", "{\"username\":\"admin-csrf\",\"password\":\"" + PASSWORD + "\",\"admin\":true}");
        WebClient browser = signedIn("admin-csrf");

        Response r = session(browser, "POST", "/groups", "{\"name\":\"csrf-victim-group\"}", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).startsWith(PROBLEM_JSON);
        assertThat(api.get("/groups?name=csrf-victim-group").json().get("total").asLong()).isZero();

        String target = api.createUser("csrf-target", PASSWORD);
        assertThat(session(browser, "DELETE", "/users/" + target, null, null).status()).isEqualTo(403);
        assertThat(session(browser, "PATCH", "/users/" + target, "{\"admin\":true}", null).status()).isEqualTo(403);
        assertThat(session(browser, "PUT", "/users/" + target + "/password", "{\"password\":\"hijacked password!\"}", null)
                .status()).isEqualTo(403);
        JsonNode user = api.get("/users/" + target).json();
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(server.client().login("csrf-target", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void session_write_with_a_wrong_csrf_token_is_forbidden() {
        api.post("/users", "{\"username\":\"admin-forge\",\"password\":\"" + PASSWORD + "\",\"admin\":true}");
        WebClient browser = signedIn("admin-forge");
        String loginPageToken = browser.csrf(); // the token of the login form, bound to the pre-session cookie

        WebClient other = signedIn("admin-forge");
        other.get("/account");
        String otherSessionsToken = other.csrf();

        for (String token : List.of("forged", loginPageToken, otherSessionsToken)) {
            Response r = session(browser, "POST", "/groups", "{\"name\":\"forged-csrf-group\"}", token);
            assertThat(r.status()).as("token %s", token).isEqualTo(403);
        }
        assertThat(api.get("/groups?name=forged-csrf-group").json().get("total").asLong()).isZero();
    }

    @Test
    void session_write_with_the_csrf_header_succeeds() {
        api.post("/users", "{\"username\":\"admin-writer\",\"password\":\"" + PASSWORD + "\",\"admin\":true}");
        WebClient browser = signedIn("admin-writer");
        assertThat(browser.get("/account").statusCode()).isEqualTo(200);
        String csrf = browser.csrf();
        assertThat(csrf).isNotBlank();

        Response r = session(browser, "POST", "/groups", "{\"name\":\"made-by-session\"}", csrf);
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("id").asText();
        assertThat(api.get("/groups/" + id).json().get("name").asText()).isEqualTo("made-by-session");

        assertThat(session(browser, "PATCH", "/groups/" + id, "{\"name\":\"changed-by-session\"}", csrf).status()).isEqualTo(200);
        assertThat(session(browser, "DELETE", "/groups/" + id, null, csrf).status()).isEqualTo(204);
        assertThat(api.get("/groups/" + id).status()).isEqualTo(404);

        JsonNode event = api.get("/events?type=group.created&user=admin-writer").json().get("items").get(0);
        assertThat(event.get("actorUsername").asText()).as("the session's user is the actor").isEqualTo("admin-writer");
    }

    @Test
    void a_member_of_the_admins_group_is_an_administrator_without_the_admin_flag() {
        String admins = api.createGroup("admins");
        String user = api.createUser("grouped-gail", PASSWORD);
        WebClient browser = signedIn("grouped-gail");
        assertThat(session(browser, "GET", "/users", null, null).status()).isEqualTo(403);

        api.addMember(admins, user);
        assertThat(api.get("/users/" + user).json().get("admin").asBoolean()).isFalse();
        assertThat(session(browser, "GET", "/users", null, null).status()).isEqualTo(200);
        browser.get("/account");
        assertThat(session(browser, "POST", "/groups", "{\"name\":\"gail-group\"}", browser.csrf()).status()).isEqualTo(201);

        api.delete("/groups/" + admins + "/members/" + user);
        assertThat(session(browser, "GET", "/users", null, null).status()).isEqualTo(403);

        // Effective membership counts too: a member of a child group of admins.
        String deputies = api.post("/groups", "{\"name\":\"deputy-admins\",\"parentId\":\"" + admins + "\"}").json().get("id").asText();
        api.addMember(deputies, user);
        assertThat(session(browser, "GET", "/users", null, null).status()).isEqualTo(200);
        api.delete("/groups/" + deputies + "/members/" + user);
    }

    @Test
    void a_deactivated_administrator_loses_access() {
        String id = api.post("/users", "{\"username\":\"admin-leaving\",\"password\":\"" + PASSWORD + "\",\"admin\":true}")
                .json().get("id").asText();
        WebClient browser = signedIn("admin-leaving");
        assertThat(session(browser, "GET", "/users", null, null).status()).isEqualTo(200);
        api.patch("/users/" + id, "{\"active\":false}");
        assertThat(session(browser, "GET", "/users", null, null).status()).isEqualTo(401);
    }

    @Test
    void a_demoted_administrators_session_is_forbidden_at_once() {
        String id = api.post("/users", "{\"username\":\"admin-demoted\",\"password\":\"" + PASSWORD + "\",\"admin\":true}")
                .json().get("id").asText();
        WebClient browser = signedIn("admin-demoted");
        assertThat(session(browser, "GET", "/groups", null, null).status()).isEqualTo(200);
        api.patch("/users/" + id, "{\"admin\":false}");
        assertThat(session(browser, "GET", "/groups", null, null).status()).isEqualTo(403);
    }

    // ---- helpers ----

    static WebClient signedIn(String username) {
        WebClient browser = server.client();
        assertThat(browser.login(username, PASSWORD).statusCode()).as("login of %s", username).isEqualTo(303);
        return browser;
    }

    /** An API call through the browser's cookie jar, with the X-CSRF-Token header when {@code csrf} is given. */
    static Response session(WebClient browser, String method, String path, String json, String csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1" + path));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return Response.of(browser.send(b.build()));
    }
}
