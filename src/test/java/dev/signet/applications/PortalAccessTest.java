package dev.signet.applications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.ApiClient;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PortalAccessTest {
    static final String PASSWORD = "correct horse battery";
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

    @Test
    void portal_shows_open_applications_and_those_of_the_users_groups_only() {
        String engineers = api.createGroup("engineers");
        String finance = api.createGroup("finance");
        String carol = api.createUser("carol", PASSWORD);
        api.addMember(engineers, carol);
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
        String staff = api.createGroup("staff");
        String platform = api.post("/groups", "{\"name\":\"platform\",\"parentId\":\"" + staff + "\"}").json().get("id").asText();
        String dave = api.createUser("dave", PASSWORD);
        api.addMember(platform, dave);
        createApp("intranet", "Intranet", "\"accessMode\":\"groups\",\"groupIds\":[\"" + staff + "\"]");

        WebClient browser = server.client();
        browser.login("dave", PASSWORD);
        assertThat(browser.get("/").body()).contains("Intranet");
    }

    @Test
    void launch_link_redirects_permitted_users_and_refuses_others() {
        String auditors = api.createGroup("auditors");
        api.createUser("erin", PASSWORD);
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
        String sales = api.createGroup("sales");
        String frank = api.createUser("frank", PASSWORD);
        api.addMember(sales, frank);
        createApp("crm", "CRM", "\"accessMode\":\"groups\",\"groupIds\":[\"" + sales + "\"]");
        WebClient browser = server.client();
        browser.login("frank", PASSWORD);
        assertThat(browser.get("/").body()).contains("CRM");
        assertThat(api.delete("/groups/" + sales + "/members/" + frank).status()).isEqualTo(204);
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
        ApiClient.Response r = api.post("/applications", "{\"slug\":\"" + slug + "\",\"name\":\"" + name
                + "\",\"launchUrl\":\"https://" + slug + ".example.com/\"," + access + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
