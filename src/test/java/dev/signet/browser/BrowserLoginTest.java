package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A person signs in with a real browser, sees exactly the applications their groups allow, and signs out. */
class BrowserLoginTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    static Browser browser;

    @BeforeAll
    static void setUp() {
        browser = Browser.launch();
        ApiClient api = server.api();
        String user = api.createUser("mallory.browser", PASSWORD);
        api.patch("/users/" + user, "{\"displayName\":\"Mallory Browser\"}");
        String developers = api.createGroup("developers");
        String finance = api.createGroup("finance");
        api.addMember(developers, user);
        create(api, "{\"slug\":\"wiki\",\"name\":\"Team Wiki\",\"description\":\"Everyone's notes\",\"accessMode\":\"all\","
                + "\"launchUrl\":\"https://wiki.example.com/\"}");
        create(api, "{\"slug\":\"builds\",\"name\":\"Build Server\",\"description\":\"CI for developers\",\"accessMode\":\"groups\","
                + "\"groupIds\":[\"" + developers + "\"],\"launchUrl\":\"https://ci.example.com/\"}");
        create(api, "{\"slug\":\"ledger\",\"name\":\"Ledger\",\"accessMode\":\"groups\",\"groupIds\":[\"" + finance + "\"],"
                + "\"launchUrl\":\"https://ledger.example.com/\"}");
    }

    @AfterAll
    static void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void user_signs_in_sees_permitted_applications_and_signs_out() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/");
            assertThat(page).hasURL(server.baseUrl() + "/login?next=%2F");
            assertThat(page.locator("h1")).hasText("Sign in");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/images/login.png")));

            page.fill("input[name=username]", "mallory.browser");
            page.fill("input[name=password]", PASSWORD);
            page.click("button[type=submit]");

            assertThat(page).hasURL(server.baseUrl() + "/");
            assertThat(page.locator("h1")).hasText("Your applications");
            assertThat(page.locator(".tile .name", new Page.LocatorOptions().setHasText("Build Server"))).hasCount(1);
            assertThat(page.locator(".tile .name", new Page.LocatorOptions().setHasText("Team Wiki"))).hasCount(1);
            assertThat(page.getByText("Ledger")).hasCount(0);
            assertThat(page.locator(".who")).hasText("Mallory Browser");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("docs/images/portal.png")));

            page.click("text=Sign out");
            assertThat(page).hasURL(server.baseUrl() + "/login?signed_out");
            assertThat(page.locator("[role=status]")).hasText("You have signed out.");
            page.navigate(server.baseUrl() + "/");
            assertThat(page).hasURL(server.baseUrl() + "/login?next=%2F");
        }
    }

    @Test
    void wrong_password_shows_the_generic_error_and_stays_on_the_login_page() {
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/login");
            page.fill("input[name=username]", "mallory.browser");
            page.fill("input[name=password]", "not the right password");
            page.click("button[type=submit]");
            assertThat(page.locator("#login-error")).hasText("Invalid username or password.");
            assertThat(page.locator("input[name=username]")).hasValue("mallory.browser");
            assertThat(page.url()).isEqualTo(server.baseUrl() + "/login");
        }
    }

    @Test
    void launching_a_tile_takes_the_user_to_the_application() throws Exception {
        // A stand-in application on loopback: the tile must lead the browser there.
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/home", exchange -> {
            byte[] body = "<html><body><h1>Notes home</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        String appUrl = "http://127.0.0.1:" + app.getAddress().getPort() + "/home";
        create(server.api(), "{\"slug\":\"notes\",\"name\":\"Notes\",\"accessMode\":\"all\",\"launchUrl\":\"" + appUrl + "\"}");
        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/login");
            page.fill("input[name=username]", "mallory.browser");
            page.fill("input[name=password]", PASSWORD);
            page.click("button[type=submit]");
            page.click("text=Notes");
            assertThat(page).hasURL(appUrl);
            assertThat(page.locator("h1")).hasText("Notes home");
        } finally {
            app.stop(0);
        }
    }

    private static void create(ApiClient api, String json) {
        ApiClient.Response r = api.post("/applications", json);
        if (r.status() != 201) {
            throw new AssertionError(r.body());
        }
    }
}
