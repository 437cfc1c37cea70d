package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/settings changes what a running Signet does, all or nothing, and can go back to the configured values. */
class SettingsPagesTest {
    static final String THIRTEEN_CHARS = "thirteen char";
    private static final Pattern INPUT = Pattern.compile("<input id=\"(\\w+)\" name=\"\\1\" type=\"[a-z-]+\" value=\"([^\"]*)\"");

    /** A fresh server per test: settings are global, and throttling stays at its configured 5 failures. */
    @RegisterExtension
    final SignetServer server = SignetServer.withDefaults();

    @Test
    void a_minimum_password_length_set_here_refuses_shorter_passwords_until_reset() {
        WebClient admin = admin();
        HttpResponse<String> saved = save(admin, Map.of("passwordMinLength", "20"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/admin/settings?done=saved");

        ApiClient.Response refused = server.api().post("/users", JsonBodies.json("username", "short-pw", "password", THIRTEEN_CHARS));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("at least 20 characters");
        HttpResponse<String> page = admin.get("/admin/settings?done=saved");
        assertThat(values(page.body())).containsEntry("passwordMinLength", "20");
        assertThat(page.body()).contains("Now set in this console; configured value: 12.").contains("Settings saved.")
                .contains("Reset to configured value (12)");
        JsonNode event = server.api().get("/events?type=settings.updated").json().get("items").get(0);
        assertThat(event.get("detail").get("password.min.length").asText()).isEqualTo("12 → 20");
        assertThat(event.get("actorUsername").asText()).isEqualTo("admin");

        HttpResponse<String> reset = admin.post("/admin/settings/reset/passwordMinLength", Map.of());
        assertThat(reset.headers().firstValue("Location")).hasValue("/admin/settings?done=reset");
        assertThat(server.api().post("/users", JsonBodies.json("username", "short-pw", "password", THIRTEEN_CHARS)).status())
                .isEqualTo(201);
        assertThat(values(admin.get("/admin/settings").body())).containsEntry("passwordMinLength", "12");
        assertThat(server.api().total("/events?type=settings.updated")).isEqualTo(2);
    }

    @Test
    void fewer_allowed_failures_throttle_the_next_attempt() {
        server.api().createUser("target", "correct horse battery");
        WebClient admin = admin();
        assertThat(save(admin, Map.of("throttleMaxFailures", "2")).statusCode()).isEqualTo(303);

        assertThat(server.client().login("target", "wrong one").statusCode()).isEqualTo(401);
        assertThat(server.client().login("target", "wrong two").statusCode()).isEqualTo(401);
        assertThat(server.client().login("target", "correct horse battery").statusCode()).isEqualTo(429);
    }

    @Test
    void a_public_url_set_here_is_what_idp_metadata_announces() {
        SamlTestKit.createSamlApp(server, "wiki", SamlTestKit.defaultProvider());
        assertThat(server.client().get("/application/saml/wiki/metadata").body()).contains(server.baseUrl() + "/application/saml/wiki/");
        WebClient admin = admin();
        assertThat(save(admin, Map.of("publicUrl", "https://sso.example.test/")).statusCode()).isEqualTo(303);

        String metadata = server.client().get("/application/saml/wiki/metadata").body();
        assertThat(metadata).contains("https://sso.example.test/application/saml/wiki/").doesNotContain(server.baseUrl());
        assertThat(values(admin.get("/admin/settings").body())).containsEntry("publicUrl", "https://sso.example.test");
    }

    @Test
    void invalid_values_are_refused_next_to_their_fields_and_nothing_is_saved() {
        WebClient admin = admin();
        HttpResponse<String> refused = save(admin, Map.of("sessionIdleTimeout", "0", "publicUrl", "ftp://sso.example.test",
                "throttleMaxFailures", "many", "passwordMinLength", "20"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("<p class=\"field-error\" id=\"sessionIdleTimeout-error\">Session idle timeout must be a positive duration")
                .contains("id=\"publicUrl-error\">Public URL must be an http(s) URL")
                .contains("id=\"throttleMaxFailures-error\">Failed sign-ins allowed must be a whole number from 1 to 1000.")
                .contains("value=\"ftp://sso.example.test\"")
                .doesNotContain("Exception");
        // The valid minimum length in the same form was not saved either.
        assertThat(values(admin.get("/admin/settings").body())).containsEntry("passwordMinLength", "12")
                .containsEntry("sessionIdleTimeout", "8h").containsEntry("publicUrl", server.baseUrl());
        assertThat(server.api().post("/users", JsonBodies.json("username", "still-12", "password", THIRTEEN_CHARS)).status())
                .isEqualTo(201);
        assertThat(server.api().total("/events?type=settings.updated")).isZero();
    }

    @Test
    void a_maximum_below_the_minimum_is_refused_on_the_field_changed() {
        WebClient admin = admin();
        HttpResponse<String> refused = save(admin, Map.of("passwordMaxLength", "10"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"passwordMaxLength-error\">Maximum password length must not be below the minimum (12).");
        assertThat(values(admin.get("/admin/settings").body())).containsEntry("passwordMaxLength", "256");
    }

    @Test
    void the_page_says_where_each_value_comes_from_and_unchanged_values_record_nothing() {
        WebClient admin = admin();
        HttpResponse<String> page = admin.get("/admin/settings");
        assertThat(page.body()).contains("within 5 seconds").doesNotContain("Reset to configured value");
        assertThat(values(page.body())).containsEntry("sessionIdleTimeout", "8h").containsEntry("sessionAbsoluteLifetime", "1d")
                .containsEntry("throttleWindow", "15m").containsEntry("throttleMaxFailures", "5");
        assertThat(page.body()).contains("Now the built-in default.");

        HttpResponse<String> same = save(admin, Map.of("sessionAbsoluteLifetime", "24h"));
        assertThat(same.headers().firstValue("Location")).hasValue("/admin/settings?done=unchanged");
        assertThat(server.api().total("/events?type=settings.updated")).isZero();
    }

    private WebClient admin() {
        return ConsolePages.signedInAdmin(server);
    }

    /** Submits the settings form as the page shows it, with some fields changed. */
    private static HttpResponse<String> save(WebClient admin, Map<String, String> changes) {
        Map<String, String> form = values(admin.get("/admin/settings").body());
        form.putAll(changes);
        return admin.post("/admin/settings", form);
    }

    /** The settings form's field values as the page shows them. */
    static Map<String, String> values(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }
}
