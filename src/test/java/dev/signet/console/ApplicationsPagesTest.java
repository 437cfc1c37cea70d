package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/applications: list, create, edit with access rules, refusals that change nothing, delete. */
class ApplicationsPagesTest {
    private static final Pattern CREATED = Pattern.compile("^/admin/applications/([0-9a-f-]{36})\\?done=created$");

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    private WebClient web;

    @BeforeEach
    void signIn() {
        web = ConsolePages.signedInAdmin(server);
    }

    @Test
    void an_application_created_with_two_groups_is_stored_with_those_access_rules() {
        String developers = server.api().createGroup("app-developers");
        String operators = server.api().createGroup("app-operators");
        HttpResponse<String> form = web.get("/admin/applications/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<h1>New application</h1>").contains("app-developers").contains("app-operators");

        HttpResponse<String> r = web.postRaw("/admin/applications", FormBody.of(List.of(
                Map.entry("name", "Grafana"), Map.entry("slug", "grafana"), Map.entry("description", "Dashboards"),
                Map.entry("launchUrl", "https://grafana.example.com/"), Map.entry("iconUrl", ""),
                Map.entry("accessMode", "groups"), Map.entry("groupIds", developers), Map.entry("groupIds", operators)), web.csrf()));

        assertThat(r.statusCode()).isEqualTo(303);
        Matcher m = CREATED.matcher(r.headers().firstValue("Location").orElseThrow());
        assertThat(m.matches()).as(r.headers().firstValue("Location").orElseThrow()).isTrue();
        JsonNode stored = server.api().get("/applications/" + m.group(1)).json();
        assertThat(stored.get("slug").asText()).isEqualTo("grafana");
        assertThat(stored.get("description").asText()).isEqualTo("Dashboards");
        assertThat(stored.get("launchUrl").asText()).isEqualTo("https://grafana.example.com/");
        assertThat(stored.get("iconUrl").isNull()).isTrue();
        assertThat(stored.get("accessMode").asText()).isEqualTo("groups");
        assertThat(stored.get("groupIds")).extracting(JsonNode::asText).containsExactlyInAnyOrder(developers, operators);

        HttpResponse<String> edit = web.get(r.headers().firstValue("Location").orElseThrow());
        assertThat(edit.body()).contains("Application created.").contains("value=\"grafana\"")
                .contains("id=\"groupIds-" + developers + "\" name=\"groupIds\" value=\"" + developers + "\" checked");
    }

    @Test
    void a_taken_slug_is_refused_next_to_the_slug_field_and_nothing_is_created() {
        createApplication("wiki", "Wiki");
        long before = server.api().total("/applications");
        web.get("/admin/applications/new");

        HttpResponse<String> r = web.post("/admin/applications", Map.of("name", "Second wiki", "slug", "wiki", "accessMode", "all"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).containsPattern("<p class=\"field-error\" id=\"slug-error\">Slug .{1,6}wiki.{1,6} is already used by another application.</p>")
                .contains("value=\"Second wiki\"");
        assertThat(server.api().total("/applications")).isEqualTo(before);
    }

    @Test
    void bad_fields_are_each_reported_next_to_the_field_and_the_stored_application_is_unchanged() {
        String id = createApplication("ledger", "Ledger");
        web.get("/admin/applications/" + id);

        HttpResponse<String> r = web.post("/admin/applications/" + id, Map.of("name", "", "slug", "Not A Slug",
                "launchUrl", "javascript:alert(1)", "accessMode", "all"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"name-error\"").contains("id=\"slug-error\"").contains("id=\"launchUrl-error\"")
                .contains("aria-describedby=\"launchUrl-error\"").contains("value=\"javascript:alert(1)\"")
                .contains("Nothing was saved");
        JsonNode stored = server.api().get("/applications/" + id).json();
        assertThat(stored.get("name").asText()).isEqualTo("Ledger");
        assertThat(stored.get("slug").asText()).isEqualTo("ledger");
        assertThat(stored.get("launchUrl").isNull()).isTrue();
    }

    @Test
    void editing_changes_the_stored_application_and_opening_it_to_everyone_is_kept() {
        String group = server.api().createGroup("finance-team");
        String id = createApplication("books", "Books");
        web.get("/admin/applications/" + id);

        HttpResponse<String> r = web.post("/admin/applications/" + id, Map.of("name", "Bookkeeping", "slug", "bookkeeping",
                "description", "", "launchUrl", "https://books.example.com/", "iconUrl", "", "accessMode", "groups",
                "groupIds", group));

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/applications/" + id + "?done=saved");
        JsonNode stored = server.api().get("/applications/" + id).json();
        assertThat(stored.get("name").asText()).isEqualTo("Bookkeeping");
        assertThat(stored.get("slug").asText()).isEqualTo("bookkeeping");
        assertThat(stored.get("accessMode").asText()).isEqualTo("groups");
        assertThat(stored.get("groupIds").get(0).asText()).isEqualTo(group);
    }

    @Test
    void the_list_shows_access_saml_and_launch_link_and_searches_by_name() {
        String saml = createApplication("list-saml", "Listed SAML app");
        createApplication("list-plain", "Listed plain app");
        assertThat(server.api().put("/applications/" + saml + "/saml",
                JsonBodies.json("spEntityId", "https://sp.example.com", "acsUrl", "https://sp.example.com/acs")).status()).isEqualTo(201);

        HttpResponse<String> all = web.get("/admin/applications?q=listed");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("Listed SAML app").contains("Listed plain app")
                .contains("href=\"/application/launch/list-saml\"")
                .contains("<a href=\"/admin/applications/" + saml + "/saml\" class=\"status pass\">Yes</a>");

        HttpResponse<String> one = web.get("/admin/applications?q=plain");
        assertThat(one.body()).contains("Listed plain app").doesNotContain("Listed SAML app");
    }

    @Test
    void deleting_asks_first_says_the_saml_provider_goes_too_and_then_deletes() {
        String id = createApplication("doomed", "Doomed");
        assertThat(server.api().put("/applications/" + id + "/saml",
                JsonBodies.json("spEntityId", "https://doomed.example.com", "acsUrl", "https://doomed.example.com/acs")).status())
                .isEqualTo(201);

        HttpResponse<String> confirm = web.get("/admin/applications/" + id + "/delete");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("Its SAML provider is deleted with it.");
        assertThat(server.api().get("/applications/" + id).status()).isEqualTo(200);

        HttpResponse<String> r = web.post("/admin/applications/" + id + "/delete", Map.of());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/applications?done=deleted");
        assertThat(server.api().get("/applications/" + id).status()).isEqualTo(404);
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);
    }

    @Test
    void an_unknown_application_is_a_404_page() {
        assertThat(web.get("/admin/applications/00000000-0000-0000-0000-000000000001").statusCode()).isEqualTo(404);
        assertThat(web.get("/admin/applications/not-an-id").statusCode()).isEqualTo(404);
    }

    private static String createApplication(String slug, String name) {
        ApiClient.Response r = server.api().post("/applications", JsonBodies.json("slug", slug, "name", name, "accessMode", "all"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
