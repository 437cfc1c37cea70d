package dev.signet.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ThrottlingTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    final SignetServer server = SignetServer.withDefaults();

    @Test
    void five_failures_for_a_username_block_further_attempts_until_the_window_passes() {
        server.api().createUser("target", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(server.client().login("target", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = server.client().login("target", PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("Too many failed sign-in attempts. Try again in 15 minutes.");
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();

        server.clock().advance(Duration.ofMinutes(10));
        assertThat(server.client().login("target", PASSWORD).statusCode()).isEqualTo(429);
        server.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(server.client().login("target", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void refused_attempts_do_not_extend_the_block() {
        server.api().createUser("patient", PASSWORD);
        for (int i = 0; i < 5; i++) {
            server.client().login("patient", "wrong password " + i);
        }
        for (int i = 0; i < 14; i++) {
            server.clock().advance(Duration.ofMinutes(1));
            assertThat(server.client().login("patient", "still guessing").statusCode()).isEqualTo(429);
        }
        server.clock().advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(server.client().login("patient", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void username_throttling_ignores_case() {
        server.api().createUser("mixed", PASSWORD);
        for (int i = 0; i < 5; i++) {
            server.client().login(i % 2 == 0 ? "MIXED" : "mixed", "wrong password " + i);
        }
        assertThat(server.client().login("Mixed", PASSWORD).statusCode()).isEqualTo(429);
    }

    @Test
    void unknown_usernames_are_throttled_like_real_ones() {
        for (int i = 0; i < 5; i++) {
            server.client().login("no-such-user", "wrong password " + i);
        }
        assertThat(server.client().login("no-such-user", "anything at all").statusCode()).isEqualTo(429);
    }

    @Test
    void failures_from_one_address_across_usernames_block_that_address() {
        server.api().createUser("victim", PASSWORD);
        for (int i = 0; i < 5; i++) {
            server.client().login("spray-" + i, "Password123456");
        }
        HttpResponse<String> blocked = server.client().login("victim", PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(server.api().get("/events?type=login.failure&user=victim").body()).contains("\"reason\":\"throttled\"");
    }

    @Test
    void success_clears_the_username_counter() {
        server.api().createUser("forgetful", PASSWORD);
        for (int i = 0; i < 2; i++) {
            server.client().login("forgetful", "wrong password " + i);
        }
        assertThat(server.client().login("forgetful", PASSWORD).statusCode()).isEqualTo(303);
        // The address has 2 failures left over; 2 more for this user stay under both limits.
        for (int i = 0; i < 2; i++) {
            server.client().login("forgetful", "wrong again " + i);
        }
        WebClient browser = server.client();
        assertThat(browser.login("forgetful", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void forwarded_for_header_is_ignored_unless_trusted() {
        server.api().createUser("spoofer", PASSWORD);
        for (int i = 0; i < 5; i++) {
            WebClient browser = server.client();
            browser.get("/login");
            browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", "10.0.0." + i)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WebClient.encode(java.util.Map.of(
                            "username", "other-" + i, "password", "wrong password x", "csrf", browser.csrf()))))
                    .build());
        }
        assertThat(server.client().login("spoofer", PASSWORD).statusCode()).isEqualTo(429);
    }
}
