package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The portal in a real browser: search as you type, an AWS tile with a choice of roles, keyboard
 * focus, phone width, and the account page's "Sign out everywhere". Saves the docs' screenshots.
 */
class PortalBrowserTest {
    static final String USERNAME = "grace.hopper";
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    static String userId;

    @BeforeAll
    static void setUp() {
        ApiClient api = server.api();
        userId = api.createUser(USERNAME, PASSWORD);
        expect(api.patch("/users/" + userId, "{\"displayName\":\"Grace Hopper\"}"), 200);
        String developers = api.createGroup("developers");
        String operators = api.createGroup("operators");
        api.addMember(developers, userId);
        api.addMember(operators, userId);
        expect(api.post("/aws/applications", "{\"slug\":\"aws\",\"name\":\"AWS\",\"description\":\"Production and sandbox accounts\","
                + "\"consoleUrl\":\"https://console.aws.amazon.com/ec2/home\",\"roles\":["
                + "{\"group\":\"developers\",\"account\":\"111122223333\",\"role\":\"Developer\"},"
                + "{\"group\":\"operators\",\"account\":\"444455556666\",\"role\":\"Operator\"}]}"), 201);
        String[][] apps = {
            {"wiki", "Team Wiki", "Everyone's notes"}, {"builds", "Build Server", "CI for developers"},
            {"ledger", "Ledger", "Invoices and payments"}, {"chat", "Chat", "Team messaging"},
            {"tickets", "Tickets", "Support requests"}, {"calendar", "Calendar", "Meetings and rooms"},
            {"files", "Files", "Shared documents"}, {"grafana", "Dashboards", "Metrics and alerts"},
            {"hr", "People", "Leave and payroll"},
        };
        for (String[] app : apps) {
            expect(api.post("/applications", "{\"slug\":\"" + app[0] + "\",\"name\":\"" + app[1] + "\",\"description\":\"" + app[2]
                    + "\",\"accessMode\":\"all\",\"launchUrl\":\"https://" + app[0] + ".example.com/\"}"), 201);
        }
    }



    @Test
    void search_filters_tiles_as_you_type_and_the_aws_tile_offers_both_roles() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signIn(page, server.baseUrl(), USERNAME, PASSWORD);
            assertThat(page.locator("h1")).hasText("Your applications");
            Locator tiles = page.locator("li.tile");
            assertThat(tiles).hasCount(10);

            Locator aws = tiles.filter(new Locator.FilterOptions().setHas(page.locator("a[data-slug=aws]")));
            assertThat(aws.locator(".roles a")).hasText(new String[] {"account 111122223333 · Developer",
                "account 444455556666 · Operator"});
            assertThat(aws.locator("img.icon")).hasAttribute("src", "/static/icons/cloud.svg");
            assertThat(aws.locator(".console-link")).containsText("https://console.aws.amazon.com/ec2/home");
            assertThat(page.locator("#no-match")).isHidden();
            page.mouse().move(0, 0);
            AdminBrowser.screenshot(page, "portal");

            Locator search = page.getByLabel("Search applications");
            search.fill("ledg");
            assertThat(page.locator("li.tile:visible")).hasCount(1);
            assertThat(page.locator("li.tile:visible .name")).hasText("Ledger");
            search.fill("payroll");
            assertThat(page.locator("li.tile:visible .name")).hasText("People");
            search.fill("no such thing");
            assertThat(page.locator("li.tile:visible")).hasCount(0);
            assertThat(page.locator("#no-match")).isVisible();
            assertThat(page.locator("#no-match")).containsText("No applications match “no such thing”.");
            search.fill("");
            assertThat(page.locator("li.tile:visible")).hasCount(10);
            assertThat(page.locator("#no-match")).isHidden();
        }
    }

    @Test
    void tiles_are_reached_with_the_keyboard_and_show_their_focus() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            AdminBrowser.signIn(page, server.baseUrl(), USERNAME, PASSWORD);
            page.getByLabel("Search applications").focus();
            page.keyboard().press("Tab");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search"))).isFocused();
            page.keyboard().press("Tab");
            Locator first = page.locator("li.tile a.launch").first();
            assertThat(first).isFocused();
            assertThat(first).hasCSS("outline-style", "solid");

            // Tiles are in name order, so AWS comes first: its role choices are the next stops.
            assertThat(first).hasAttribute("data-slug", "aws");
            page.keyboard().press("Tab");
            assertThat(page.locator("li.tile .roles a").first()).isFocused();
            assertThat(page.locator("li.tile .roles a").first()).hasCSS("outline-style", "solid");
        }
    }

    @Test
    void at_phone_width_tiles_stack_in_one_column_and_the_header_wraps() {
        try (BrowserContext context = chromium.newContext()) {
            Page page = context.newPage();
            page.setViewportSize(390, 844);
            AdminBrowser.signIn(page, server.baseUrl(), USERNAME, PASSWORD);
            assertThat(page.locator("h1")).hasText("Your applications");

            List<BoundingBox> boxes = page.locator("li.tile").all().stream().map(Locator::boundingBox).toList();
            assertThat(boxes).hasSize(10);
            for (BoundingBox box : boxes) {
                assertThat(box.x).isEqualTo(boxes.get(0).x);
                assertThat(box.width).isGreaterThan(300);
            }
            BoundingBox brand = page.locator(".bar .brand").boundingBox();
            BoundingBox nav = page.locator(".bar nav").boundingBox();
            assertThat(nav.y).as("the navigation wraps below the brand").isGreaterThanOrEqualTo(brand.y + brand.height);
            assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).as("no sideways scrolling").isLessThanOrEqualTo(390);
            page.mouse().move(0, 0);
            AdminBrowser.screenshot(page, "portal-phone");
        }
    }

    @Test
    void sign_out_everywhere_on_the_account_page_ends_every_session() {
        // The other tests' sessions of the same user end first, so that this test sees its own two.
        expect(server.api().delete("/users/" + userId + "/sessions"), 204);
        try (BrowserContext laptop = chromium.newContext(); BrowserContext phone = chromium.newContext()) {
            Page other = phone.newPage();
            AdminBrowser.signIn(other, server.baseUrl(), USERNAME, PASSWORD);
            Page page = laptop.newPage();
            AdminBrowser.signIn(page, server.baseUrl(), USERNAME, PASSWORD);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Account").setExact(true)).click();
            assertThat(page.locator("h1")).hasText("Your account");
            assertThat(page.locator("table tbody tr")).hasCount(2);
            assertThat(page.getByText("This session")).isVisible();
            AdminBrowser.screenshot(page, "account");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out everywhere").setExact(true)).click();
            assertThat(page).hasURL(server.baseUrl() + "/login?signed_out_everywhere");
            assertThat(page.locator("[role=status]")).containsText("You have signed out everywhere");
            assertThat(server.api().get("/users/" + userId + "/sessions").json().get("items").size()).isZero();
            other.navigate(server.baseUrl() + "/");
            assertThat(other.locator("h1")).hasText("Sign in");
        }
    }

    private static void expect(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " from the admin API, got " + response.status() + ": " + response.body());
        }
    }
}
