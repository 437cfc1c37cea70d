package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/property-mappings: the editor refuses bad expressions with their position, saves good ones, and tests them for a user. */
class PropertyMappingsPagesTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Pattern EXPRESSION_ERROR = Pattern.compile("<pre class=\"field-error\" id=\"expression-error\">([^<]*)</pre>");

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    private static WebClient admin() {
        return ConsolePages.signedInAdmin(server);
    }

    private static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private static Map<String, String> mapping(String name, String expression) {
        return Map.of("name", name, "samlName", "urn:example:" + name, "friendlyName", "", "nameFormat", "",
                "expression", expression, "description", "");
    }

    /** The stored mapping with that name, from the admin API, or null. */
    private static JsonNode stored(String name) {
        for (JsonNode m : server.api().get("/property-mappings?limit=500&name=" + name).json().get("items")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        return null;
    }

    @Test
    void a_type_error_is_shown_next_to_the_expression_with_its_position_and_nothing_is_saved() {
        WebClient web = admin();
        web.get("/admin/property-mappings/new");
        String name = unique("typo");

        HttpResponse<String> r = web.post("/admin/property-mappings", mapping(name, "user.username + 1"));

        assertThat(r.statusCode()).isEqualTo(400);
        Matcher error = EXPRESSION_ERROR.matcher(r.body());
        assertThat(error.find()).as(r.body()).isTrue();
        assertThat(error.group(1)).contains("line 1:15").contains("no matching overload").contains("^");
        assertThat(r.body()).contains("aria-describedby=\"expression-error expression-check\"")
                .contains(">user.username + 1</textarea>")
                .contains("value=\"" + name + "\"");
        assertThat(stored(name)).isNull();
    }

    @Test
    void a_good_mapping_is_saved_and_can_be_changed() {
        WebClient web = admin();
        web.get("/admin/property-mappings/new");
        String name = unique("department");

        HttpResponse<String> r = web.post("/admin/property-mappings", mapping(name, "string(user.attributes.department)"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        JsonNode m = stored(name);
        assertThat(m).isNotNull();
        assertThat(m.get("expression").asText()).isEqualTo("string(user.attributes.department)");
        assertThat(m.get("nameFormat").asText()).isEqualTo("uri");
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/admin/property-mappings/" + m.get("id").asText() + "?done=created");

        HttpResponse<String> page = web.get(location);
        assertThat(page.body()).contains("Property mapping created.").contains("string(user.attributes.department)")
                .contains("src=\"/static/cel-editor.js\"").contains("aria-live=\"polite\"");

        HttpResponse<String> changed = web.post("/admin/property-mappings/" + m.get("id").asText(),
                Map.of("name", name, "samlName", "department", "friendlyName", "Department", "nameFormat", "basic",
                        "expression", "user.attributes.department", "description", "The department."));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
        JsonNode after = stored(name);
        assertThat(after.get("samlName").asText()).isEqualTo("department");
        assertThat(after.get("friendlyName").asText()).isEqualTo("Department");
        assertThat(after.get("nameFormat").asText()).isEqualTo("basic");
        assertThat(web.get("/admin/property-mappings?name=" + name).body()).contains(name).contains("<code>department</code>");
    }

    @Test
    void a_duplicate_name_is_refused_next_to_the_name() {
        WebClient web = admin();
        String name = unique("twice");
        web.get("/admin/property-mappings/new");
        assertThat(web.post("/admin/property-mappings", mapping(name, "user.email")).statusCode()).isEqualTo(303);
        web.get("/admin/property-mappings/new");

        HttpResponse<String> again = web.post("/admin/property-mappings", mapping(name, "user.username"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("<p class=\"field-error\" id=\"name-error\">A property mapping named");
        assertThat(stored(name).get("expression").asText()).isEqualTo("user.email");
    }

    @Test
    void a_built_in_mapping_can_be_viewed_and_tested_but_not_edited_or_deleted() {
        WebClient web = admin();
        JsonNode builtIn = stored("username");
        String id = builtIn.get("id").asText();

        HttpResponse<String> page = web.get("/admin/property-mappings/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Built-in mapping, read-only").contains("user.username")
                .doesNotContain("action=\"/admin/property-mappings/" + id + "\"")
                .doesNotContain("/delete\"")
                .contains("action=\"/admin/property-mappings/" + id + "/test\"");

        HttpResponse<String> edit = web.post("/admin/property-mappings/" + id, mapping("username", "user.email"));
        assertThat(edit.statusCode()).isEqualTo(409);
        assertThat(edit.body()).contains("Built-in mappings cannot be changed");
        HttpResponse<String> delete = web.post("/admin/property-mappings/" + id + "/delete", Map.of());
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(server.api().get("/property-mappings/" + id).json().get("expression").asText()).isEqualTo("user.username");
    }

    @Test
    void the_test_panel_shows_each_value_for_a_user_and_an_evaluation_error() {
        ApiClient api = server.api();
        String username = unique("grace");
        String user = api.createUser(username, "a long enough password");
        assertThat(api.patch("/users/" + user, "{\"attributes\":{\"teams\":[\"compilers\",\"navy\"]}}").status()).isEqualTo(200);
        String teams = api.post("/property-mappings", JsonBodies.json("name", unique("teams"), "samlName", "teams",
                "expression", "user.attributes.teams")).json().get("id").asText();
        String missing = api.post("/property-mappings", JsonBodies.json("name", unique("missing"), "samlName", "missing",
                "expression", "string(user.attributes.nope)")).json().get("id").asText();
        WebClient web = admin();

        web.get("/admin/property-mappings/" + teams);
        HttpResponse<String> values = web.post("/admin/property-mappings/" + teams + "/test", Map.of("username", username, "applicationId", ""));
        assertThat(values.statusCode()).as(values.body()).isEqualTo(200);
        assertThat(values.body()).contains("2 value(s)</span> for " + username)
                .contains("<li><code>compilers</code></li>").contains("<li><code>navy</code></li>");

        web.get("/admin/property-mappings/" + missing);
        HttpResponse<String> failed = web.post("/admin/property-mappings/" + missing + "/test", Map.of("username", username, "applicationId", ""));
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.body()).contains("status fail").contains("nope");

        String slug = unique("context-app");
        String app = dev.signet.saml.SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"https://sp.example.com/" + slug
                + "\",\"acsUrl\":\"https://sp.example.com/acs\"}");
        String where = api.post("/property-mappings", JsonBodies.json("name", unique("where"), "samlName", "where",
                "expression", "application.slug + ' ' + provider.acs_url")).json().get("id").asText();
        web.get("/admin/property-mappings/" + where);
        HttpResponse<String> inApp = web.post("/admin/property-mappings/" + where + "/test", Map.of("username", username, "applicationId", app));
        assertThat(inApp.body()).contains("<li><code>" + slug + " https://sp.example.com/acs</code></li>");
        HttpResponse<String> noApp = web.post("/admin/property-mappings/" + where + "/test",
                Map.of("username", username, "applicationId", "00000000-0000-4000-8000-000000000000"));
        assertThat(noApp.statusCode()).isEqualTo(400);
        assertThat(noApp.body()).contains("<p class=\"field-error\" id=\"applicationId-error\">No application with a SAML provider");

        HttpResponse<String> nobody = web.post("/admin/property-mappings/" + missing + "/test", Map.of("username", "no-such-user", "applicationId", ""));
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(nobody.body()).contains("<p class=\"field-error\" id=\"username-error\">No user has the username");
    }

    @Test
    void a_mapping_in_use_is_not_deleted_and_an_unused_one_is_after_confirmation() {
        ApiClient api = server.api();
        String usedName = unique("used");
        String used = api.post("/property-mappings", JsonBodies.json("name", usedName, "samlName", "used", "expression", "user.email"))
                .json().get("id").asText();
        String slug = unique("mapped-app");
        dev.signet.saml.SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"https://sp.example.com/" + slug
                + "\",\"acsUrl\":\"https://sp.example.com/acs\",\"propertyMappings\":[\"" + usedName + "\"]}");
        WebClient web = admin();

        assertThat(web.get("/admin/property-mappings/" + used + "/delete").body()).contains("Delete mapping");
        HttpResponse<String> refused = web.post("/admin/property-mappings/" + used + "/delete", Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("role=\"alert\"").contains(slug);
        assertThat(api.get("/property-mappings/" + used).status()).isEqualTo(200);

        String unused = api.post("/property-mappings", JsonBodies.json("name", unique("unused"), "samlName", "u", "expression", "user.email"))
                .json().get("id").asText();
        web.get("/admin/property-mappings/" + unused + "/delete");
        HttpResponse<String> deleted = web.post("/admin/property-mappings/" + unused + "/delete", Map.of());
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(api.get("/property-mappings/" + unused).status()).isEqualTo(404);
    }
}
