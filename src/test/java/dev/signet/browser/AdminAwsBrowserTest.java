package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.signet.testing.SignetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An administrator sets up AWS sign-in in a real browser: the wizard, the setup page, the metadata download, the preflight. */
class AdminAwsBrowserTest {
    static final String ACCOUNT = "111122223333";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @BeforeAll
    static void directory() {
        String engineers = server.api().createGroup("cloud-engineers");
        server.api().addMember(engineers, server.api().createUser("bea", "correct horse battery"));
    }



    @Test
    void admin_creates_an_aws_application_downloads_the_metadata_and_runs_the_preflight() throws Exception {
        long applicationsBefore = server.api().total("/applications");
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Admin sections"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("AWS")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New AWS application")).click();
            assertThat(page.locator("h1")).hasText("New AWS application");

            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Production AWS");
            page.getByLabel("Slug").fill("production-aws");
            page.getByLabel("Sign-in endpoint").selectOption("eu-west-1");
            Locator groupCells = page.locator("select[name$='].group']");
            assertThat(groupCells).hasCount(3);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add rows")).click();
            assertThat(groupCells).hasCount(6);
            assertThat(page.getByLabel("Slug")).hasValue("production-aws");

            page.getByLabel("Rule 1: group").selectOption(new SelectOption().setLabel("cloud-engineers"));
            page.getByLabel("Rule 1: AWS account ID").fill("1111");
            page.getByLabel("Rule 1: role name or ARN").fill("ReadOnly");
            page.getByLabel("Rule 5: group").selectOption(new SelectOption().setLabel("cloud-engineers"));
            page.getByLabel("Rule 5: role name or ARN").fill("arn:aws:iam::444455556666:role/Admin");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create AWS application")).click();

            assertThat(AdminBrowser.fieldError(page, "roles-0-account")).hasText("An AWS account ID is exactly 12 digits.");
            assertThat(page.getByLabel("Rule 1: AWS account ID")).hasAttribute("aria-invalid", "true");
            assertThat(page.getByLabel("Rule 5: role name or ARN")).hasValue("arn:aws:iam::444455556666:role/Admin");
            org.assertj.core.api.Assertions.assertThat(server.api().total("/applications")).isEqualTo(applicationsBefore);
            page.getByLabel("Rule 1: AWS account ID").fill(ACCOUNT);
            AdminBrowser.screenshot(page, "admin-aws-wizard");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create AWS application")).click();

            assertThat(page.locator("h1")).containsText("Production AWS");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("AWS application created.");
            assertThat(page.locator("#setup-iam")).containsText("iam create-saml-provider --name 'signet-production-aws'");
            assertThat(page.locator("button.copy[data-copy=setup-iam]")).isVisible();
            assertThat(page.locator("#trust-policy-0")).containsText("arn:aws:iam::" + ACCOUNT + ":saml-provider/signet-production-aws");
            AdminBrowser.screenshot(page, "admin-aws-setup");

            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Download signet-production-aws-metadata.xml")).click());
            org.assertj.core.api.Assertions.assertThat(download.suggestedFilename()).isEqualTo("signet-production-aws-metadata.xml");
            String metadata = Files.readString(download.path(), StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThat(metadata).contains("EntityDescriptor").contains("X509Certificate");

            page.locator("#step-preflight").locator("xpath=..").getByLabel("User").selectOption(new SelectOption().setLabel("bea"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run the preflight")).click();
            assertThat(page.locator("h2#report-heading")).containsText("AWS would accept the sign-in");
            assertThat(page.locator("tr[data-rule=role-attribute] .status")).hasText("pass");
            assertThat(page.locator("tr[data-rule]")).hasCount(dev.signet.aws.preflight.Rule.values().length + 1);
            AdminBrowser.screenshot(page, "admin-aws-preflight");
        }
    }

    @Test
    void the_aws_pages_fit_a_phone_screen() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            page.setViewportSize(390, 844);
            page.navigate(server.baseUrl() + "/admin/aws/new");
            assertThat(page.locator("h1")).hasText("New AWS application");
            assertFitsTheScreen(page);
            // The role table scrolls inside itself; its first cell stays reachable by keyboard.
            page.getByLabel("Rule 1: AWS account ID").focus();
            assertThat(page.getByLabel("Rule 1: AWS account ID")).isFocused();

            String id = server.api().post("/aws/applications", "{\"slug\":\"phone-aws\",\"name\":\"Phone AWS\",\"roles\":["
                    + "{\"group\":\"cloud-engineers\",\"account\":\"" + ACCOUNT + "\",\"role\":\"ReadOnly\"}]}").json()
                    .get("applicationId").asText();
            page.navigate(server.baseUrl() + "/admin/aws/" + id);
            assertThat(page.locator("#setup-iam")).containsText("create-saml-provider");
            assertFitsTheScreen(page);

            page.navigate(server.baseUrl() + "/admin/aws/" + id + "/preflight");
            page.getByLabel("User").selectOption(new SelectOption().setLabel("bea"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run the preflight")).click();
            assertThat(page.locator("tr[data-rule=role-attribute] .status")).hasText("pass");
            assertFitsTheScreen(page);

            page.navigate(server.baseUrl() + "/admin/aws");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Phone AWS"))).isVisible();
            assertFitsTheScreen(page);
        }
    }

    /** No sideways scrolling of the page; the message names the elements that stick out. */
    private static void assertFitsTheScreen(Page page) {
        Object fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth");
        Object wide = page.evaluate("[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                + " && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 10).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ends at ' + Math.round(e.getBoundingClientRect().right)).join(', ')");
        org.assertj.core.api.Assertions.assertThat(fits).as("the page scrolls sideways at phone width: " + wide).isEqualTo(true);
    }
}
