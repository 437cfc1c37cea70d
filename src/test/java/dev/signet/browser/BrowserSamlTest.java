package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.PySaml2Sp;
import dev.signet.testing.SignetServer;
import dev.signet.web.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person in a real browser signs in, clicks the SAML application in the portal, and the service
 * provider (pysaml2, not our code) receives the auto-posted response and accepts it; and the other
 * way round, starting at the SP.
 */
class BrowserSamlTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    static PySaml2Sp sp;

    @BeforeAll
    static void setUp() throws Exception {
        ApiClient api = server.api();
        String user = api.createUser("grace", PASSWORD);
        api.patch("/users/" + user, "{\"email\":\"grace@example.com\",\"displayName\":\"Grace Hopper\"}");
        String app = api.post("/applications", JsonBodies.json("slug", "team-sp", "name", "Team SP", "accessMode", "all"))
                .json().get("id").asText();
        api.put("/applications/" + app + "/saml", JsonBodies.json("spEntityId", "http://pysaml2-sp.test/metadata",
                "acsUrl", "https://placeholder.invalid/acs"));
        byte[] metadata = server.client().get("/application/saml/team-sp/metadata").body().getBytes(StandardCharsets.UTF_8);
        sp = PySaml2Sp.start(PySaml2Sp.Options.trusting(metadata).entityId("http://pysaml2-sp.test/metadata").allowUnsolicited(true));
        ApiClient.Response imported = api.post("/applications/" + app + "/saml/import-metadata", JsonBodies.json("url", sp.metadataUrl()));
        if (imported.status() != 200) {
            throw new AssertionError("metadata import failed: " + imported.body());
        }
    }

    @AfterAll
    static void tearDown() {
        if (sp != null) {
            sp.close();
        }
    }

    private static void signIn(Page page) {
        page.fill("input[name=username]", "grace");
        page.fill("input[name=password]", PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    private static JsonNode spVerdict(Page page) {
        page.waitForURL(sp.acsUrl());
        return Json.parse(page.locator("body").innerText().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void clicking_the_saml_application_in_the_portal_signs_the_user_in_at_the_sp() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/login");
            signIn(page);
            assertThat(page.locator(".tile .name")).hasText("Team SP");
            page.locator(".tile a[data-slug=team-sp]").click();
            JsonNode verdict = spVerdict(page);
            assertThat(verdict.get("ok").asBoolean()).as(verdict + "\n" + sp.recentOutput()).isTrue();
            assertThat(verdict.get("issuer").asText()).isEqualTo(server.baseUrl() + "/application/saml/team-sp/");
        }
    }

    @Test
    void starting_at_the_sp_goes_through_the_signet_login_and_back() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.navigate(sp.baseUrl() + "/login?relay_state=from-sp");
            assertThat(page.locator("h1")).hasText("Sign in");
            signIn(page);
            JsonNode verdict = spVerdict(page);
            assertThat(verdict.get("ok").asBoolean()).as(verdict + "\n" + sp.recentOutput()).isTrue();
            assertThat(verdict.get("in_response_to").asText()).isNotEmpty();
            assertThat(verdict.get("relay_state").asText()).isEqualTo("from-sp");
        }
    }
}
