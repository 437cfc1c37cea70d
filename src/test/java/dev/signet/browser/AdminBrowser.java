package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.testing.TestSignet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every admin-console browser test does: sign in as the bootstrap administrator, save screenshots for docs/. */
final class AdminBrowser {
    /** Screenshots for the README and docs/, relative to the project root (surefire's working directory). */
    static final Path SCREENSHOTS = Path.of("docs", "images");

    private AdminBrowser() {
    }

    /** Signs in through the login page as the bootstrap administrator and lands on the console overview. */
    static void signInAsAdmin(Page page, String baseUrl) {
        signIn(page, baseUrl, "admin", TestSignet.ADMIN_PASSWORD);
        page.navigate(baseUrl + "/admin");
        assertThat(page.locator("h1")).hasText("Overview");
    }

    static void signIn(Page page, String baseUrl, String username, String password) {
        page.navigate(baseUrl + "/login");
        page.fill("input[name=username]", username);
        page.fill("input[name=password]", password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(url -> !url.contains("/login"));
    }

    /** A full-page screenshot at docs/images/{name}.png. */
    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** The form field's message shown next to it (the id convention of the console's field tags). */
    static com.microsoft.playwright.Locator fieldError(Page page, String field) {
        return page.locator("#" + field + "-error");
    }
}
