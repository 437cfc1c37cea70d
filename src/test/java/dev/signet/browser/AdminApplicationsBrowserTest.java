package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.testing.SignetServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An administrator, in a real browser, creates an application, gives it a SAML provider from pasted SP
 * metadata, changes a setting, meets a refusal next to the field, and downloads the IdP metadata.
 */
class AdminApplicationsBrowserTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    /** The elements that stick out of the window on the right (at most five), or "". */
    private static final String WIDER_THAN_THE_WINDOW = "Array.from(document.querySelectorAll('body *'))"
            + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5)"
            + ".map(e => e.tagName + '.' + e.className + '#' + e.id).join(', ')";

    @Test
    void administrator_sets_up_a_saml_application_from_sp_metadata() throws IOException {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Applications").setExact(true)).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New application")).click();
            page.getByLabel("Name").fill("Team Wiki");
            page.getByLabel("Slug").fill("wiki");
            page.getByLabel("Description").fill("Everyone's notes");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create application")).click();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("Application created.");
            String applicationId = page.url().replaceAll(".*/admin/applications/([0-9a-f-]{36}).*", "$1");
            assertThat(server.api().get("/applications/" + applicationId).json().get("slug").asText()).isEqualTo("wiki");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("add a SAML provider")).click();
            assertThat(page.locator("h1")).containsText("SAML provider");
            page.getByLabel("Paste the metadata XML").fill(fixture("keycloak-client.xml"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import pasted metadata")).click();
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("Settings imported");
            assertThat(page.getByLabel("SP entity ID (audience)")).hasValue("https://wiki.example.com/saml/metadata");
            String samlPath = "/applications/" + applicationId + "/saml";
            assertThat(server.api().get(samlPath).json().get("acsUrls").get(0).asText()).isEqualTo("https://wiki.example.com/saml/acs");

            page.getByLabel("NameID format").selectOption("transient");
            page.getByLabel("Assertion validity (seconds)").fill("120");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save SAML settings")).click();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("SAML provider saved.");
            JsonNode saved = server.api().get(samlPath).json();
            assertThat(saved.get("nameIdFormat").asText()).isEqualTo("transient");
            assertThat(saved.get("assertionValiditySeconds").asInt()).isEqualTo(120);
            AdminBrowser.screenshot(page, "admin-saml-provider");

            page.getByLabel("ACS URL", new Page.GetByLabelOptions().setExact(true)).fill("not a url");
            page.getByLabel("Assertion validity (seconds)").fill("5");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save SAML settings")).click();
            assertThat(AdminBrowser.fieldError(page, "acsUrl")).isVisible();
            assertThat(AdminBrowser.fieldError(page, "assertionValiditySeconds")).hasText("Must be from 30 to 3600.");
            assertThat(page.getByLabel("ACS URL", new Page.GetByLabelOptions().setExact(true))).hasAttribute("aria-invalid", "true");
            JsonNode unchanged = server.api().get(samlPath).json();
            assertThat(unchanged.get("acsUrls").get(0).asText()).isEqualTo("https://wiki.example.com/saml/acs");
            assertThat(unchanged.get("assertionValiditySeconds").asInt()).isEqualTo(120);

            page.navigate(server.baseUrl() + "/admin" + samlPath);
            Download download = page.waitForDownload(() ->
                    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download metadata")).click());
            assertThat(download.suggestedFilename()).isEqualTo("wiki-metadata.xml");
            String xml = Files.readString(download.path(), StandardCharsets.UTF_8);
            assertThat(xml).contains("<md:EntityDescriptor").contains("entityID=\"" + server.baseUrl() + "/application/saml/wiki/\"")
                    .contains("IDPSSODescriptor");
            assertThat(page.locator("#idp-metadata")).containsText("IDPSSODescriptor");

            page.setViewportSize(390, 800);
            assertThat((String) page.evaluate(WIDER_THAN_THE_WINDOW)).as("elements wider than a phone's window").isEmpty();
            page.setViewportSize(1100, 720);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Applications").setExact(true)).click();
            assertThat(page.locator("table.applications")).containsText("Team Wiki");
            assertThat(page.locator("table.applications")).containsText("/application/launch/wiki");
            assertThat(page).hasURL(Pattern.compile(".*/admin/applications$"));
            AdminBrowser.screenshot(page, "admin-applications");
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = AdminApplicationsBrowserTest.class.getResourceAsStream("/sp-metadata/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
