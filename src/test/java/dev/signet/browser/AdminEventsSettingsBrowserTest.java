package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An administrator filters the audit log and changes a setting in a real browser. */
class AdminEventsSettingsBrowserTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @BeforeAll
    static void someActivity() {
        server.api().createUser("eve.browser", PASSWORD);
        server.api().createUser("frank.browser", PASSWORD);
        server.client().login("eve.browser", PASSWORD);
        server.client().login("eve.browser", "a wrong password");
        server.client().login("frank.browser", PASSWORD);
    }



    @Test
    void administrator_filters_events_by_user_and_type_prefix() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Events")).click();
            assertThat(page.locator("h1")).hasText("Events");

            page.getByLabel("User").fill("eve.browser");
            page.getByLabel("Type").selectOption(new SelectOption().setLabel("All login.* events"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();

            assertThat(page).hasURL(Pattern.compile("user=eve\\.browser.*type=login\\."));
            assertThat(page.locator("table.events tbody tr")).hasCount(2);
            assertThat(page.locator("table.events tbody")).containsText("login.success");
            assertThat(page.locator("table.events tbody")).containsText("login.failure");
            assertThat(page.locator("table.events tbody")).not().containsText("frank.browser");
            assertThat(server.api().total("/events?user=eve.browser&type=login.")).isEqualTo(2);
            AdminBrowser.screenshot(page, "admin-events");
        }
    }

    @Test
    void administrator_changes_a_setting_sees_it_saved_and_resets_it() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            page.navigate(server.baseUrl() + "/admin/settings");
            assertThat(page.locator("h1")).hasText("Settings");

            page.getByLabel("Session idle timeout").fill("0");
            page.getByLabel("Minimum password length").fill("16");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
            assertThat(AdminBrowser.fieldError(page, "sessionIdleTimeout")).containsText("must be a positive duration");
            assertThat(server.api().post("/users", JsonBodies.json("username", "fourteen-chars", "password", "fourteen chars")).status())
                    .isEqualTo(201);

            page.getByLabel("Session idle timeout").fill("4h");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
            assertThat(page.locator("[role=status]")).containsText("Settings saved.");
            assertThat(page.getByLabel("Minimum password length")).hasValue("16");
            assertThat(page.getByLabel("Session idle timeout")).hasValue("4h");
            assertThat(server.api().post("/users", JsonBodies.json("username", "fifteen-chars", "password", "fifteen chars!!")).status())
                    .isEqualTo(400);
            AdminBrowser.screenshot(page, "admin-settings");

            // Enter in a field saves the form; it does not press the first "Reset" button before it.
            page.getByLabel("Maximum password length").fill("200");
            page.getByLabel("Maximum password length").press("Enter");
            assertThat(page.locator("[role=status]")).containsText("Settings saved.");
            assertThat(page.getByLabel("Maximum password length")).hasValue("200");
            assertThat(page.getByLabel("Minimum password length")).hasValue("16");

            page.getByLabel("Session idle timeout").fill("1ms");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();
            assertThat(AdminBrowser.fieldError(page, "sessionIdleTimeout")).hasText("Session idle timeout must be from 1m to 30d.");
            page.getByLabel("Session idle timeout").fill("4h");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset to configured value (12)")).click();
            assertThat(page.locator("[role=status]")).containsText("reset to its configured value");
            assertThat(page.getByLabel("Minimum password length")).hasValue("12");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reset to configured value (8h)")).click();
            assertThat(page.getByLabel("Session idle timeout")).hasValue("8h");
            assertThat(server.api().post("/users", JsonBodies.json("username", "fifteen-chars", "password", "fifteen chars!!")).status())
                    .isEqualTo(201);
        }
    }
}
