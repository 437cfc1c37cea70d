package dev.signet.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoginFlowTest {
    static TestSignet server;

    @BeforeAll
    static void start() {
        server = TestSignet.start(Map.of("SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "1000"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void user_signs_in_with_csrf_token_and_reaches_the_portal() {
        server.api().createUser("alice", "correct horse battery");
        WebClient browser = server.client();
        HttpResponse<String> form = browser.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"username\"").contains("name=\"password\"").contains("name=\"csrf\"");

        HttpResponse<String> login = browser.post("/login", Map.of("username", "alice", "password", "correct horse battery"));
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/");
        String setCookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("signet_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        assertThat(browser.cookie("signet_session")).hasSize(43);

        HttpResponse<String> portal = browser.get("/");
        assertThat(portal.statusCode()).isEqualTo(200);
        assertThat(portal.body()).contains("Your applications");
    }

    @Test
    void session_expires_after_idle_timeout() {
        server.api().createUser("idler", "correct horse battery");
        WebClient browser = server.client();
        assertThat(browser.login("idler", "correct horse battery").statusCode()).isEqualTo(303);
        server.clock.advance(Duration.ofHours(8).plusMinutes(1));
        HttpResponse<String> portal = browser.get("/");
        assertThat(portal.statusCode()).isEqualTo(302);
        assertThat(portal.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
    }
}
