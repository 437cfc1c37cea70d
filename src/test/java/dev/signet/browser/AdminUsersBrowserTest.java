package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An administrator creates a user and a group in a real browser, puts one in the other, and meets a refused form on the way. */
class AdminUsersBrowserTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();



    @Test
    void administrator_creates_a_user_and_a_group_and_adds_the_user_to_it() {
        ApiClient api = server.api();
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());

            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Admin sections"))
                    .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Users")).click();
            assertThat(page.locator("h1")).hasText("Users");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New user")).click();
            assertThat(page.locator("h1")).hasText("New user");

            page.getByLabel("Username").fill("katherine johnson");
            page.getByLabel("Display name").fill("Katherine Johnson");
            page.getByLabel("Email").fill("katherine@example.com");
            page.getByLabel("Initial password").fill("orbital mechanics 1962");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create user")).click();

            assertThat(AdminBrowser.fieldError(page, "username")).containsText("Username may contain letters, digits");
            assertThat(page.getByLabel("Username")).hasAttribute("aria-invalid", "true");
            assertThat(page.getByLabel("Display name")).hasValue("Katherine Johnson");
            assertThat(page.getByLabel("Initial password")).hasValue("");
            assertThat(api.total("/users?name=katherine")).isZero();

            page.getByLabel("Username").fill("katherine");
            page.getByLabel("Initial password").fill("orbital mechanics 1962");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create user")).click();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("User created.");
            assertThat(page.locator("h1")).containsText("Katherine Johnson");
            assertThat(api.total("/users?name=katherine")).isEqualTo(1);

            page.navigate(server.baseUrl() + "/admin/groups");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New group")).click();
            page.getByLabel("Name").fill("mathematicians");
            page.getByLabel("Attributes").fill("department = flight research");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create group")).click();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("Group created.");
            assertThat(page.locator("h1")).containsText("mathematicians");

            page.getByLabel("Add member by username").fill("katherine");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add member").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("Member added.");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("katherine").setExact(true))).isVisible();
            String groupId = api.get("/groups?name=mathematicians").column("id").get(0);
            assertThat(api.get("/groups/" + groupId + "/members").column("username")).containsExactly("katherine");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("katherine").setExact(true)).click();
            assertThat(page.locator("h1")).containsText("Katherine Johnson");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("mathematicians"))).isVisible();
            AdminBrowser.screenshot(page, "admin-user-edit");

            page.navigate(server.baseUrl() + "/admin/users");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("katherine").setExact(true))).isVisible();
            AdminBrowser.screenshot(page, "admin-users");

            page.navigate(server.baseUrl() + "/admin/groups");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("mathematicians"))).isVisible();
            AdminBrowser.screenshot(page, "admin-groups");

            // At phone width the user page still fits: nothing wider than the screen but the tables' own scrolling.
            page.setViewportSize(390, 800);
            page.navigate(server.baseUrl() + "/admin/groups/" + groupId);
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        }
    }
}
