package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An administrator writes a property mapping with the live check, tests it, and generates and rotates a certificate. */
class AdminMappingsBrowserTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    static String applicationId;

    @BeforeAll
    static void setUp() {
        ApiClient api = server.api();
        String user = api.createUser("katherine", "a long enough password");
        api.patch("/users/" + user, "{\"attributes\":{\"department\":\"flight research\"}}");
        applicationId = SamlTestKit.createSamlApp(server, "mission-control",
                "{\"spEntityId\":\"https://sp.example.com/mission\",\"acsUrl\":\"https://sp.example.com/acs\"}");
    }



    @Test
    void the_expression_is_checked_while_typing_saved_and_tested_for_a_user() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Property mappings")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New mapping")).click();
            assertThat(page.locator("h1")).hasText("New property mapping");

            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("department");
            page.getByLabel("SAML attribute Name").fill("urn:example:department");
            page.locator("#expression").fill("user.username + 1");
            assertThat(page.locator("#expression-check .field-error")).containsText("line 1:15");
            assertThat(page.locator("#expression-check .field-error")).containsText("^");

            page.locator("#expression").fill("string(user.attributes.department)");
            assertThat(page.locator("#expression-check")).hasText("Expression OK.");
            assertThat(page.locator("#expression-check .field-error")).hasCount(0);

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create mapping")).click();
            assertThat(page.locator(".notice")).hasText("Property mapping created.");
            JsonNode stored = server.api().get("/property-mappings?name=department").json().get("items").get(0);
            assertThat(stored.get("expression").asText()).isEqualTo("string(user.attributes.department)");

            page.getByLabel("Username").fill("katherine");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test").setExact(true)).click();
            assertThat(page.locator("#test-result")).containsText("1 value(s) for katherine");
            assertThat(page.locator("#test-result li")).hasText("flight research");
            AdminBrowser.screenshot(page, "admin-property-mapping");
        }
    }

    @Test
    void a_certificate_is_generated_and_published_as_the_next_one() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Certificates").setExact(true)).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Generate a certificate")).click();
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Signing 2027");
            page.getByLabel("Key type").selectOption("rsa-3072");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
            assertThat(page.locator(".notice")).hasText("Certificate generated.");
            assertThat(page.locator("#certificate-pem")).containsText("-----BEGIN CERTIFICATE-----");
            String id = page.url().replaceAll(".*/admin/certificates/([^?]+).*", "$1");
            assertThat(server.api().get("/keypairs/" + id).json().get("keyType").asText()).isEqualTo("rsa-3072");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Certificates").setExact(true)).click();
            assertThat(page.locator("table").first()).containsText("Signing 2027");
            AdminBrowser.screenshot(page, "admin-certificates");

            page.locator("a[href='/admin/certificates/rotation/" + applicationId + "']").click();
            page.getByLabel("Certificate to publish next").selectOption(id);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish in metadata")).click();
            assertThat(page.locator(".notice")).containsText("The next certificate is now in the metadata.");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign with Signing 2027"))).isVisible();
            assertThat(server.api().get("/applications/" + applicationId + "/saml").json().get("nextKeypairId").asText()).isEqualTo(id);
            assertThat(page).hasTitle(Pattern.compile("Rotate the certificate of mission-control"));
            AdminBrowser.screenshot(page, "admin-rotation");
        }
    }
}
