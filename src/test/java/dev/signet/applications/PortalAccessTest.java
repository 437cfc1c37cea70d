package dev.signet.applications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PortalAccessTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void portal_shows_open_applications_and_those_of_the_users_groups_only() {
        String engineers = server.api().createGroup("engineers");
        String finance = server.api().createGroup("finance");
        String carol = server.api().createUser("carol", PASSWORD);
        server.api().addMember(engineers, carol);
        createApp("handbook", "Handbook", "\"accessMode\":\"all\"");
        createApp("ci", "Build Server", "\"accessMode\":\"groups\",\"groupIds\":[\"" + engineers + "\"]");
        createApp("ledger", "Ledger", "\"accessMode\":\"groups\",\"groupIds\":[\"" + finance + "\"]");

        WebClient browser = server.client();
        browser.login("carol", PASSWORD);
        String portal = browser.get("/").body();
        assertThat(portal).contains("Handbook").contains("Build Server").doesNotContain("Ledger");
        assertThat(portal).contains("href=\"/application/launch/ci\"");
    }

    @Test
    void membership_of_a_child_group_grants_the_parents_applications() {
        String staff = server.api().createGroup("staff");
        String platform = server.api().post("/groups", "{\"name\":\"platform\",\"parentId\":\"" + staff + "\"}").json().get("id").asText();
        String dave = server.api().createUser("dave", PASSWORD);
        server.api().addMember(platform, dave);
        createApp("intranet", "Intranet", "\"accessMode\":\"groups\",\"groupIds\":[\"" + staff + "\"]");

        WebClient browser = server.client();
        browser.login("dave", PASSWORD);
        assertThat(browser.get("/").body()).contains("Intranet");
    }

    @Test
    void launch_link_redirects_permitted_users_and_refuses_others() {
        String auditors = server.api().createGroup("auditors");
        server.api().createUser("erin", PASSWORD);
        createApp("vault", "Vault", "\"accessMode\":\"groups\",\"groupIds\":[\"" + auditors + "\"]");
        createApp("docs", "Docs", "\"accessMode\":\"all\"");

        WebClient browser = server.client();
        browser.login("erin", PASSWORD);
        HttpResponse<String> allowed = browser.get("/application/launch/docs");
        assertThat(allowed.statusCode()).isEqualTo(302);
        assertThat(allowed.headers().firstValue("Location")).hasValue("https://docs.example.com/");
        HttpResponse<String> refused = browser.get("/application/launch/vault");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("vault.example.com");
    }

    @Test
    void removing_a_membership_removes_the_application_from_the_portal() {
        String sales = server.api().createGroup("sales");
        String frank = server.api().createUser("frank", PASSWORD);
        server.api().addMember(sales, frank);
        createApp("crm", "CRM", "\"accessMode\":\"groups\",\"groupIds\":[\"" + sales + "\"]");
        WebClient browser = server.client();
        browser.login("frank", PASSWORD);
        assertThat(browser.get("/").body()).contains("CRM");
        assertThat(server.api().delete("/groups/" + sales + "/members/" + frank).status()).isEqualTo(204);
        assertThat(browser.get("/").body()).doesNotContain("CRM");
    }

    @Test
    void anonymous_visitor_is_sent_to_login_with_the_launch_link_as_next() {
        createApp("status", "Status", "\"accessMode\":\"all\"");
        HttpResponse<String> r = server.client().get("/application/launch/status");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fapplication%2Flaunch%2Fstatus");
    }

    private static void createApp(String slug, String name, String access) {
        ApiClient.Response r = server.api().post("/applications", "{\"slug\":\"" + slug + "\",\"name\":\"" + name
                + "\",\"launchUrl\":\"https://" + slug + ".example.com/\"," + access + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
