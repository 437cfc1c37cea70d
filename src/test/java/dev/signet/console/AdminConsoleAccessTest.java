package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's one gate: signed in, an administrator, and a CSRF token on every write. */
class AdminConsoleAccessTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void anonymous_visitors_are_sent_to_sign_in_and_come_back() {
        HttpResponse<String> r = server.client().get("/admin/users?name=x");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin%2Fusers%3Fname%3Dx");
    }

    @Test
    void a_signed_in_user_who_is_not_an_administrator_is_refused() {
        ApiClient api = server.api();
        api.createUser("not-an-admin", "a long enough password");
        WebClient web = server.client();
        assertThat(web.login("not-an-admin", "a long enough password").statusCode()).isEqualTo(303);

        HttpResponse<String> r = web.get("/admin");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("The admin console is for administrators only.").doesNotContain("Overview");
        assertThat(web.get("/admin/users").statusCode()).isEqualTo(403);
    }

    @Test
    void the_administrator_sees_the_overview() {
        WebClient web = server.client();
        web.login("admin", TestSignet.ADMIN_PASSWORD);
        HttpResponse<String> r = web.get("/admin");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<h1>Overview</h1>").contains("aria-current=\"page\"");
    }

    @Test
    void a_write_without_the_csrf_token_is_refused_and_changes_nothing() {
        WebClient web = server.client();
        web.login("admin", TestSignet.ADMIN_PASSWORD);
        web.get("/admin");
        HttpResponse<String> r = web.postRaw("/admin/users", "username=csrf-victim&csrf=forged");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("did not come from this site");
        assertThat(server.api().total("/users?name=csrf-victim")).isZero();

        HttpResponse<String> none = web.postRaw("/admin/users", WebClient.encode(Map.of("username", "csrf-victim")));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(server.api().total("/users?name=csrf-victim")).isZero();
    }

    @Test
    void every_kind_of_console_write_needs_the_token() {
        WebClient web = server.client();
        web.login("admin", TestSignet.ADMIN_PASSWORD);
        String id = server.api().createUser("csrf-target", "a long enough password");
        String before = server.api().get("/users/" + id).body();
        for (String path : new String[] {"/admin/users/" + id, "/admin/users/" + id + "/delete", "/admin/users/" + id + "/deactivate",
                "/admin/users/" + id + "/sessions/revoke", "/admin/groups", "/admin/applications", "/admin/aws/new",
                "/admin/property-mappings", "/admin/certificates/generate", "/admin/certificates/rotation/" + id + "/switch",
                "/admin/settings", "/admin/settings/reset/publicUrl"}) {
            HttpResponse<String> r = web.postRaw(path, WebClient.encode(Map.of("active", "false", "name", "x")));
            assertThat(r.statusCode()).as(path).isEqualTo(403);
        }
        assertThat(server.api().get("/users/" + id).body()).isEqualTo(before);
    }
}
