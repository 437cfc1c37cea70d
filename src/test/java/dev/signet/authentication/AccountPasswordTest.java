package dev.signet.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountPasswordTest {
    static final String OLD = "correct horse battery";
    static final String NEW = "a brand new passphrase";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void user_changes_password_with_the_old_one_and_other_sessions_end() {
        server.api().createUser("gina", OLD);
        WebClient laptop = server.client();
        WebClient phone = server.client();
        laptop.login("gina", OLD);
        phone.login("gina", OLD);
        laptop.get("/account");
        HttpResponse<String> r = laptop.post("/account/password", Map.of("current_password", OLD, "new_password", NEW));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/account?changed");
        assertThat(laptop.get("/account?changed").body()).contains("Your password has been changed.");
        assertThat(phone.get("/").statusCode()).isEqualTo(302);
        assertThat(server.client().login("gina", OLD).statusCode()).isEqualTo(401);
        assertThat(server.client().login("gina", NEW).statusCode()).isEqualTo(303);
    }

    @Test
    void wrong_current_password_is_refused_and_nothing_changes() {
        server.api().createUser("hank", OLD);
        WebClient browser = server.client();
        browser.login("hank", OLD);
        browser.get("/account");
        HttpResponse<String> r = browser.post("/account/password", Map.of("current_password", "not my password", "new_password", NEW));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Your current password is not correct.").contains("aria-invalid=\"true\"");
        assertThat(server.client().login("hank", OLD).statusCode()).isEqualTo(303);
    }

    @Test
    void too_short_new_password_is_refused_with_the_policy_message() {
        server.api().createUser("ivy", OLD);
        WebClient browser = server.client();
        browser.login("ivy", OLD);
        browser.get("/account");
        HttpResponse<String> r = browser.post("/account/password", Map.of("current_password", OLD, "new_password", "short"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Password must be at least 12 characters.");
        assertThat(server.client().login("ivy", OLD).statusCode()).isEqualTo(303);
    }

    @Test
    void password_change_requires_csrf_token() {
        server.api().createUser("jack", OLD);
        WebClient browser = server.client();
        browser.login("jack", OLD);
        HttpResponse<String> r = browser.post("/account/password", Map.of("current_password", OLD, "new_password", NEW, "csrf", "x"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(server.client().login("jack", OLD).statusCode()).isEqualTo(303);
    }

    @Test
    void sign_out_everywhere_else_keeps_only_this_session() {
        server.api().createUser("kate", OLD);
        WebClient laptop = server.client();
        WebClient phone = server.client();
        laptop.login("kate", OLD);
        phone.login("kate", OLD);
        laptop.get("/account");
        assertThat(laptop.post("/account/sessions/end-others", Map.of()).statusCode()).isEqualTo(303);
        assertThat(laptop.get("/").statusCode()).isEqualTo(200);
        assertThat(phone.get("/").statusCode()).isEqualTo(302);
    }
}
