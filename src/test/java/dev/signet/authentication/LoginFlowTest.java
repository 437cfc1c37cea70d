package dev.signet.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginFlowTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void user_signs_in_with_csrf_token_and_reaches_the_portal() {
        server.api().createUser("alice", PASSWORD);
        WebClient browser = server.client();
        HttpResponse<String> form = browser.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"username\"").contains("name=\"password\"").contains("name=\"csrf\"");

        HttpResponse<String> login = browser.post("/login", Map.of("username", "alice", "password", PASSWORD));
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        String setCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("signet_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");
        assertThat(browser.cookie("signet_session")).hasSize(43);

        HttpResponse<String> portal = browser.get("/");
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains("Your applications");
    }

    @Test
    void username_is_case_insensitive_at_login() {
        server.api().createUser("CaseUser", PASSWORD);
        assertThat(server.client().login("caseuser", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void login_without_csrf_token_is_refused() {
        server.api().createUser("nocsrf", PASSWORD);
        WebClient browser = server.client();
        browser.get("/login");
        HttpResponse<String> r = browser.post("/login", Map.of("username", "nocsrf", "password", PASSWORD, "csrf", "forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(browser.cookie("signet_session")).isNull();
    }

    @Test
    void login_with_a_token_from_another_browser_is_refused() {
        server.api().createUser("crosssite", PASSWORD);
        WebClient attacker = server.client();
        attacker.get("/login");
        WebClient victim = server.client();
        victim.get("/");
        HttpResponse<String> r = victim.post("/login", Map.of("username", "crosssite", "password", PASSWORD, "csrf", attacker.csrf()));
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void wrong_password_and_unknown_user_get_the_same_generic_answer() {
        server.api().createUser("bob", PASSWORD);
        HttpResponse<String> wrong = server.client().login("bob", "not the password at all");
        HttpResponse<String> unknown = server.client().login("nobody-here", "not the password at all");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid username or password.");
        assertThat(errorOf(wrong.body())).isEqualTo(errorOf(unknown.body()));
    }

    @Test
    void failed_logins_are_audited_with_reason_but_never_the_password() {
        server.api().createUser("audited", PASSWORD);
        server.client().login("audited", "secret-typo-password");
        server.client().login("ghost-user", "secret-typo-password");
        String events = server.api().get("/events?type=login.failure&limit=500").body();
        assertThat(events).contains("\"reason\":\"bad_password\"").contains("\"reason\":\"unknown_user\"")
                .contains("ghost-user").doesNotContain("secret-typo-password");
        assertThat(server.api().get("/events?type=login.failure&user=audited").json().get("items").get(0)
                .get("clientAddress").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void inactive_user_cannot_sign_in() {
        String id = server.api().createUser("dormant", PASSWORD);
        server.api().patch("/users/" + id, "{\"active\":false}");
        HttpResponse<String> r = server.client().login("dormant", PASSWORD);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Invalid username or password.");
        assertThat(server.api().get("/events?type=login.failure&user=dormant").body()).contains("\"reason\":\"inactive\"");
    }

    @Test
    void deactivating_a_user_ends_their_session() {
        String id = server.api().createUser("leaver", PASSWORD);
        WebClient browser = server.client();
        browser.login("leaver", PASSWORD);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        server.api().patch("/users/" + id, "{\"active\":false}");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void session_expires_after_idle_timeout() {
        server.api().createUser("idler", PASSWORD);
        WebClient browser = server.client();
        assertThat(browser.login("idler", PASSWORD).statusCode()).isEqualTo(303);
        server.clock().advance(Duration.ofHours(7));
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        server.clock().advance(Duration.ofHours(8).plusMinutes(1));
        HttpResponse<String> portal = browser.get("/");
        assertThat(portal.statusCode()).isEqualTo(302);
        assertThat(portal.headers().firstValue("Location").orElseThrow()).isEqualTo("/login?next=%2F");
    }

    @Test
    void session_ends_at_absolute_lifetime_even_when_active() {
        server.api().createUser("busy", PASSWORD);
        WebClient browser = server.client();
        browser.login("busy", PASSWORD);
        for (int i = 0; i < 5; i++) {
            server.clock().advance(Duration.ofHours(4));
            assertThat(browser.get("/").statusCode()).as("after %d h", (i + 1) * 4).isEqualTo(200);
        }
        server.clock().advance(Duration.ofHours(4).plusMinutes(1));
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void forged_session_cookie_is_not_a_session() {
        WebClient browser = server.client();
        browser.setCookie("signet_session", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void login_returns_to_a_local_next_path() {
        server.api().createUser("returner", PASSWORD);
        WebClient browser = server.client();
        HttpResponse<String> redirect = browser.get("/account");
        assertThat(redirect.headers().firstValue("Location")).hasValue("/login?next=%2Faccount");
        HttpResponse<String> form = browser.get("/login?next=%2Faccount");
        assertThat(form.body()).contains("name=\"next\" value=\"/account\"");
        HttpResponse<String> login = browser.post("/login", Map.of("username", "returner", "password", PASSWORD, "next", "/account"));
        assertThat(login.headers().firstValue("Location")).hasValue("/account");
    }

    @Test
    void login_refuses_to_redirect_to_another_host() {
        server.api().createUser("phished", PASSWORD);
        for (String next : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
                "http:evil.example", "/%0d%0aSet-Cookie:x=y"}) {
            WebClient browser = server.client();
            browser.get("/login");
            HttpResponse<String> login = browser.post("/login", Map.of("username", "phished", "password", PASSWORD, "next", next));
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Location")).as(next).hasValue(next.startsWith("/%0d") ? next : "/");
        }
    }

    @Test
    void logout_ends_the_session_on_the_server() {
        server.api().createUser("leaving", PASSWORD);
        WebClient browser = server.client();
        browser.login("leaving", PASSWORD);
        String token = browser.cookie("signet_session");
        browser.get("/");
        HttpResponse<String> logout = browser.post("/logout", Map.of());
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Location")).hasValue("/login?signed_out");
        assertThat(browser.get("/login?signed_out").body()).contains("You have signed out.");
        WebClient replay = server.client();
        replay.setCookie("signet_session", token);
        assertThat(replay.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void logout_requires_the_csrf_token() {
        server.api().createUser("stays", PASSWORD);
        WebClient browser = server.client();
        browser.login("stays", PASSWORD);
        assertThat(browser.post("/logout", Map.of("csrf", "wrong")).statusCode()).isEqualTo(403);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
    }

    private static String errorOf(String html) {
        int i = html.indexOf("id=\"login-error\">");
        return i < 0 ? null : html.substring(i, html.indexOf('<', i));
    }
}
