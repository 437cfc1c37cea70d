package dev.signet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may call the admin API: bearer tokens, administrators' browser sessions with CSRF protection on writes. */
class ApiAuthenticationTest {
    static final String PASSWORD = "correct horse battery";
    static final String PROBLEM_JSON = "application/problem+json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestSignet server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestSignet.start(Map.of("SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "1000"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- tokens ----

    @Test
    void no_token_is_401_with_www_authenticate() {
        HttpResponse<String> r = bearer("GET", "/users", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
        assertThat(parse(r.body()).get("status").asInt()).isEqualTo(401);
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

        HttpResponse<String> wrongScheme = bearer("GET", "/users", null, "Basic YWRtaW46YWRtaW4=");
        assertThat(wrongScheme.statusCode()).isEqualTo(401);
        assertThat(wrongScheme.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(bearer("GET", "/users", null, "Bearer ").statusCode()).isEqualTo(401);
        assertThat(bearer("GET", "/users", null, "Bearer " + "x".repeat(600)).statusCode()).isEqualTo(401);
        assertThat(bearer("GET", "/users", null, "bearer " + TestSignet.ADMIN_TOKEN).statusCode())
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

        HttpResponse<String> r = session(browser, "GET", "/users", null, null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
        assertThat(r.body()).doesNotContain("plain-pat");

        browser.get("/account");
        HttpResponse<String> write = session(browser, "POST", "/users", "{\"username\":\"pat-made-this\"}", browser.csrf());
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(api.get("/users?name=pat-made-this").json().get("total").asLong()).isZero();
    }

    @Test
    void an_admin_users_browser_session_can_read() {
        api.post("/users", "{\"username\":\"admin-ada\",\"password\":\"" + PASSWORD + "\",\"admin\":true}");
        WebClient browser = signedIn("admin-ada");

        HttpResponse<String> r = session(browser, "GET", "/users?name=admin-ada", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = parse(r.body());
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("username").asText()).isEqualTo("admin-ada");
    }

    @Test
    void no_session_cookie_is_401_not_a_redirect() {
        WebClient browser = server.client();
        HttpResponse<String> r = session(browser, "GET", "/users", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void session_write_without_the_csrf_header_is_forbidden_and_writes_nothing() {
        api.post("/users", "{\"username\":\"admin-csrf\",\"password\":\"" + PASSWORD + "\",\"admin\":true}");
        WebClient browser = signedIn("admin-csrf");

        HttpResponse<String> r = session(browser, "POST", "/groups", "{\"name\":\"csrf-victim-group\"}", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
        assertThat(api.get("/groups?name=csrf-victim-group").json().get("total").asLong()).isZero();

        String target = api.createUser("csrf-target", PASSWORD);
        assertThat(session(browser, "DELETE", "/users/" + target, null, null).statusCode()).isEqualTo(403);
        assertThat(session(browser, "PATCH", "/users/" + target, "{\"admin\":true}", null).statusCode()).isEqualTo(403);
        assertThat(session(browser, "PUT", "/users/" + target + "/password", "{\"password\":\"hijacked password!\"}", null)
                .statusCode()).isEqualTo(403);
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
            HttpResponse<String> r = session(browser, "POST", "/groups", "{\"name\":\"forged-csrf-group\"}", token);
            assertThat(r.statusCode()).as("token %s", token).isEqualTo(403);
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

        HttpResponse<String> r = session(browser, "POST", "/groups", "{\"name\":\"made-by-session\"}", csrf);
        assertThat(r.statusCode()).isEqualTo(201);
        String id = parse(r.body()).get("id").asText();
        assertThat(api.get("/groups/" + id).json().get("name").asText()).isEqualTo("made-by-session");

        assertThat(session(browser, "PATCH", "/groups/" + id, "{\"name\":\"changed-by-session\"}", csrf).statusCode()).isEqualTo(200);
        assertThat(session(browser, "DELETE", "/groups/" + id, null, csrf).statusCode()).isEqualTo(204);
        assertThat(api.get("/groups/" + id).status()).isEqualTo(404);

        JsonNode event = api.get("/events?type=group.created&user=admin-writer").json().get("items").get(0);
        assertThat(event.get("actorUsername").asText()).as("the session's user is the actor").isEqualTo("admin-writer");
    }

    @Test
    void a_member_of_the_admins_group_is_an_administrator_without_the_admin_flag() {
        String admins = api.createGroup("admins");
        String user = api.createUser("grouped-gail", PASSWORD);
        WebClient browser = signedIn("grouped-gail");
        assertThat(session(browser, "GET", "/users", null, null).statusCode()).isEqualTo(403);

        api.addMember(admins, user);
        assertThat(api.get("/users/" + user).json().get("admin").asBoolean()).isFalse();
        assertThat(session(browser, "GET", "/users", null, null).statusCode()).isEqualTo(200);
        browser.get("/account");
        assertThat(session(browser, "POST", "/groups", "{\"name\":\"gail-group\"}", browser.csrf()).statusCode()).isEqualTo(201);

        api.delete("/groups/" + admins + "/members/" + user);
        assertThat(session(browser, "GET", "/users", null, null).statusCode()).isEqualTo(403);

        // Effective membership counts too: a member of a child group of admins.
        String deputies = api.post("/groups", "{\"name\":\"deputy-admins\",\"parentId\":\"" + admins + "\"}").json().get("id").asText();
        api.addMember(deputies, user);
        assertThat(session(browser, "GET", "/users", null, null).statusCode()).isEqualTo(200);
        api.delete("/groups/" + deputies + "/members/" + user);
    }

    @Test
    void a_deactivated_administrator_loses_access() {
        String id = api.post("/users", "{\"username\":\"admin-leaving\",\"password\":\"" + PASSWORD + "\",\"admin\":true}")
                .json().get("id").asText();
        WebClient browser = signedIn("admin-leaving");
        assertThat(session(browser, "GET", "/users", null, null).statusCode()).isEqualTo(200);
        api.patch("/users/" + id, "{\"active\":false}");
        assertThat(session(browser, "GET", "/users", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void a_demoted_administrators_session_is_forbidden_at_once() {
        String id = api.post("/users", "{\"username\":\"admin-demoted\",\"password\":\"" + PASSWORD + "\",\"admin\":true}")
                .json().get("id").asText();
        WebClient browser = signedIn("admin-demoted");
        assertThat(session(browser, "GET", "/groups", null, null).statusCode()).isEqualTo(200);
        api.patch("/users/" + id, "{\"admin\":false}");
        assertThat(session(browser, "GET", "/groups", null, null).statusCode()).isEqualTo(403);
    }

    // ---- helpers ----

    static WebClient signedIn(String username) {
        WebClient browser = server.client();
        assertThat(browser.login(username, PASSWORD).statusCode()).as("login of %s", username).isEqualTo(303);
        return browser;
    }

    /** An API call through the browser's cookie jar, with the X-CSRF-Token header when {@code csrf} is given. */
    static HttpResponse<String> session(WebClient browser, String method, String path, String json, String csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1" + path));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return browser.send(b.build());
    }

    /** An API call with the given Authorization header (none when null) and no cookies. */
    static HttpResponse<String> bearer(String method, String path, String json, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1" + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static List<String> fields(Response r) {
        List<String> names = new ArrayList<>();
        r.json().path("errors").forEach(e -> names.add(e.get("field").asText()));
        return names;
    }
}
