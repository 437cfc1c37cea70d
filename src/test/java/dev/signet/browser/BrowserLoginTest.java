package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A person signs in with a real browser, sees exactly the applications their groups allow, and signs out. */
class BrowserLoginTest {
    static final String USERNAME = "ada.lovelace";
    static final String PASSWORD = "correct horse battery";
    /** Screenshots for the README, relative to the project root (surefire's working directory). */
    static final Path SCREENSHOTS = Path.of("docs", "images");

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    /** Stands in for the build server application on loopback, so that launching its tile has somewhere to land. */
    static HttpServer buildServer;

    @BeforeAll
    static void setUp() throws IOException {
        buildServer = startBuildServer();
        ApiClient api = server.api();
        String user = api.createUser(USERNAME, PASSWORD);
        expectStatus(api.patch("/users/" + user, "{\"displayName\":\"Ada Lovelace\"}"), 200);
        String developers = api.createGroup("developers");
        String finance = api.createGroup("finance");
        api.addMember(developers, user);
        createApplication(api, "{\"slug\":\"wiki\",\"name\":\"Team Wiki\",\"description\":\"Everyone's notes\","
                + "\"accessMode\":\"all\",\"launchUrl\":\"https://wiki.example.com/\"}");
        createApplication(api, "{\"slug\":\"builds\",\"name\":\"Build Server\",\"description\":\"CI for developers\","
                + "\"accessMode\":\"groups\",\"groupIds\":[\"" + developers + "\"],\"launchUrl\":\"" + buildServerUrl() + "\"}");
        createApplication(api, "{\"slug\":\"ledger\",\"name\":\"Ledger\",\"accessMode\":\"groups\","
                + "\"groupIds\":[\"" + finance + "\"],\"launchUrl\":\"https://ledger.example.com/\"}");
        Files.createDirectories(SCREENSHOTS);
    }


    @AfterAll
    static void tearDown() {
        if (buildServer != null) {
            buildServer.stop(0);
            buildServer = null;
        }
    }

    @Test
    void user_signs_in_sees_permitted_applications_and_signs_out() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/");
            assertThat(page).hasURL(server.baseUrl() + "/login?next=%2F");
            assertThat(page.locator("h1")).hasText("Sign in");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login.png")));

            signIn(page, PASSWORD);

            assertThat(page).hasURL(server.baseUrl() + "/");
            assertThat(page.locator("h1")).hasText("Your applications");
            Locator tiles = page.locator(".tile .name");
            assertThat(tiles).hasCount(2);
            assertThat(tiles.filter(new Locator.FilterOptions().setHasText("Team Wiki"))).isVisible();
            assertThat(tiles.filter(new Locator.FilterOptions().setHasText("Build Server"))).isVisible();
            assertThat(page.getByText("Ledger")).hasCount(0);
            // docs/images/portal.png comes from PortalBrowserTest, with a fuller portal.

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
            assertThat(page).hasURL(server.baseUrl() + "/login?signed_out");
            assertThat(page.locator("[role=status]")).hasText("You have signed out.");
            page.navigate(server.baseUrl() + "/");
            assertThat(page).hasURL(server.baseUrl() + "/login?next=%2F");
        }
    }

    @Test
    void wrong_password_shows_the_generic_error_and_stays_on_the_login_page() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/login");
            signIn(page, "not the right password");
            assertThat(page.getByRole(AriaRole.ALERT)).hasText("Invalid username or password.");
            assertThat(page).hasURL(server.baseUrl() + "/login");
            assertThat(page.locator("h1")).hasText("Sign in");
            assertThat(page.locator("input[name=username]")).hasValue(USERNAME);
        }
    }

    @Test
    void launching_a_tile_takes_the_user_to_the_application() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.navigate(server.baseUrl() + "/login");
            signIn(page, PASSWORD);
            page.locator(".tile a[data-slug=builds]").click();
            assertThat(page).hasURL(buildServerUrl());
            assertThat(page.locator("h1")).hasText("Build Server home");
        }
    }

    private static void signIn(Page page, String password) {
        page.fill("input[name=username]", USERNAME);
        page.fill("input[name=password]", password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    }

    private static HttpServer startBuildServer() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/home", exchange -> {
            byte[] body = "<!DOCTYPE html><title>Build Server</title><h1>Build Server home</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        return http;
    }

    private static String buildServerUrl() {
        return "http://127.0.0.1:" + buildServer.getAddress().getPort() + "/home";
    }

    private static void createApplication(ApiClient api, String json) {
        expectStatus(api.post("/applications", json), 201);
    }

    private static void expectStatus(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " from the admin API, got " + response.status() + ": " + response.body());
        }
    }
}
