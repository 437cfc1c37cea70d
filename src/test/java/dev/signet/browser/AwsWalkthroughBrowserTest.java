package dev.signet.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import dev.signet.awsemulator.AwsEmulator;
import dev.signet.awsemulator.AwsEmulatorOptions;
import dev.signet.testing.SignetServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's AWS walkthrough, entirely in the browser, against the local AWS emulator: the seed's
 * authentik steps (two property mappings, a provider for AWS, the metadata into IAM, roles trusting it)
 * done in Signet's console, plus a certificate rotation and the preflight; then a user signs in in a
 * fresh browser, clicks the AWS tile and lands in the (emulated) console with the expected role.
 * The emulator plays IAM from what the console offers for download and copy; the browser reaches it
 * for https://signin.aws.amazon.com/saml through a request route (what DNS would do for the real one).
 */
class AwsWalkthroughBrowserTest {
    static final String ACCOUNT = "123456789012";
    static final String SLUG = "aws";
    static final String IAM_PROVIDER = "signet-" + SLUG;
    static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/SignetAdministrator";
    static final String PROVIDER_ARN = "arn:aws:iam::" + ACCOUNT + ":saml-provider/" + IAM_PROVIDER;
    static final String USER_PASSWORD = "grace under pressure 1906";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();
    @RegisterExtension
    static final Chromium chromium = new Chromium();
    static AwsEmulator aws;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start(AwsEmulatorOptions.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void an_administrator_sets_up_aws_in_the_browser_and_a_user_signs_in_with_the_expected_role() throws Exception {
        try (BrowserContext adminContext = chromium.newContext()) {
            Page page = adminContext.newPage();
            AdminBrowser.signInAsAdmin(page, server.baseUrl());
            AdminBrowser.screenshot(page, "admin-overview");
            createUserAndGroup(page);
            createMappings(page);
            String applicationId = createAwsApplication(page);

            // IAM: the identity provider from the downloaded metadata, the role with the trust policy shown.
            String metadata = downloadMetadata(page);
            emulator("PUT", "/emulator/accounts/" + ACCOUNT + "/saml-providers/" + IAM_PROVIDER, metadata, "application/xml");
            String trustPolicy = page.locator("#trust-policy-0").textContent();
            org.assertj.core.api.Assertions.assertThat(trustPolicy).contains(PROVIDER_ARN).contains("SAML:aud");
            emulator("PUT", "/emulator/accounts/" + ACCOUNT + "/roles/SignetAdministrator",
                    "{\"trustPolicy\":" + trustPolicy + ",\"maxSessionDuration\":3600}", "application/json");

            rotateCertificate(page, applicationId);
            runPreflight(page, applicationId);
        }

        try (BrowserContext userContext = chromium.newContext()) {
            userContext.route("https://signin.aws.amazon.com/saml", AwsWalkthroughBrowserTest::toEmulator);
            Page page = userContext.newPage();
            AdminBrowser.signIn(page, server.baseUrl(), "grace", USER_PASSWORD);
            assertThat(page.locator("h1")).hasText("Your applications");
            page.locator(".tile a[data-slug=" + SLUG + "]").click();
            assertThat(page.locator("h1")).hasText("Signed in to AWS (emulated)");
            assertThat(page.locator("body")).containsText(ROLE_ARN);
            assertThat(page.locator("body")).containsText("grace@example.com");
            AdminBrowser.screenshot(page, "aws-emulator-signed-in");
        }
    }

    /** Users: Grace, in the group the role is for (Users and Groups pages). */
    private static void createUserAndGroup(Page page) {
        section(page, "Users");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New user")).click();
        page.getByLabel("Username").fill("grace");
        page.getByLabel("Display name").fill("Grace Hopper");
        page.getByLabel("Email").fill("grace@example.com");
        page.getByLabel("Initial password").fill(USER_PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create user")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("User created.");

        section(page, "Groups");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New group")).click();
        page.getByLabel("Name").fill("aws-administrators");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create group")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Group created.");
        page.getByLabel("Add member by username").fill("grace");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add member").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Member added.");
    }

    /** The seed's two property mappings: RoleSessionName from the email address, Role for the group's members. */
    private static void createMappings(Page page) {
        newMapping(page, "aws-session-name-from-email", "https://aws.amazon.com/SAML/Attributes/RoleSessionName",
                "aws.sessionName(user.email)");
        // A mistake first: the editor says where, and nothing is saved.
        section(page, "Property mappings");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New mapping")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("aws-role-for-administrators");
        page.getByLabel("SAML attribute Name").fill("https://aws.amazon.com/SAML/Attributes/Role");
        page.locator("#expression").fill("user.groups.exists(g, g == \"aws-administrators\") ? 1 : null");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create mapping")).click();
        assertThat(AdminBrowser.fieldError(page, "expression")).isVisible();
        org.assertj.core.api.Assertions.assertThat(server.api().total("/property-mappings?name=aws-role-for-administrators")).isZero();
        page.locator("#expression").fill("\"aws-administrators\" in user.groups ? \"" + ROLE_ARN + "," + PROVIDER_ARN + "\" : \"\"");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create mapping")).click();
        assertThat(page.locator(".notice")).hasText("Property mapping created.");
    }

    private static void newMapping(Page page, String name, String samlName, String expression) {
        section(page, "Property mappings");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New mapping")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("SAML attribute Name").fill(samlName);
        page.locator("#expression").fill(expression);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create mapping")).click();
        assertThat(page.locator(".notice")).hasText("Property mapping created.");
    }

    /** The AWS wizard: application and SAML provider in one form, with the two mappings and the role rule. */
    private static String createAwsApplication(Page page) {
        section(page, "AWS");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New AWS application")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("AWS");
        page.getByLabel("Slug").fill(SLUG);
        page.getByLabel("aws-session-name-from-email", new Page.GetByLabelOptions().setExact(false)).check();
        page.getByLabel("aws-role-for-administrators", new Page.GetByLabelOptions().setExact(false)).check();
        page.getByLabel("Rule 1: group").selectOption(new SelectOption().setLabel("aws-administrators"));
        page.getByLabel("Rule 1: AWS account ID").fill(ACCOUNT);
        page.getByLabel("Rule 1: role name or ARN").fill("SignetAdministrator");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create AWS application")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("AWS application created.");
        assertThat(page.locator("#setup-iam")).containsText("iam create-saml-provider --name '" + IAM_PROVIDER + "'");

        String applicationId = page.url().replaceAll(".*/admin/aws/([0-9a-f-]{36}).*", "$1");
        JsonNode provider = server.api().get("/applications/" + applicationId + "/saml").json();
        org.assertj.core.api.Assertions.assertThat(provider.get("spEntityId").asText()).isEqualTo("urn:amazon:webservices");
        org.assertj.core.api.Assertions.assertThat(provider.get("acsUrls").get(0).asText()).isEqualTo("https://signin.aws.amazon.com/saml");
        org.assertj.core.api.Assertions.assertThat(provider.get("propertyMappings").toString())
                .contains("aws-session-name-from-email", "aws-role-for-administrators")
                .doesNotContain("\"aws-role\"", "aws-role-session-name");
        return applicationId;
    }

    private static String downloadMetadata(Page page) throws IOException {
        Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Download " + IAM_PROVIDER + "-metadata.xml")).click());
        String metadata = Files.readString(download.path(), StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(metadata).contains("IDPSSODescriptor").contains("X509Certificate");
        return metadata;
    }

    /**
     * A new certificate, published next to the old one, uploaded to IAM (update-saml-provider), then
     * signing switched to it: the order in which no sign-in fails on the way.
     */
    private static void rotateCertificate(Page page, String applicationId) throws IOException {
        section(page, "Certificates");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Generate a certificate")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("AWS signing 2027");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
        assertThat(page.locator(".notice")).hasText("Certificate generated.");
        String keypairId = page.url().replaceAll(".*/admin/certificates/([^?]+).*", "$1");

        page.navigate(server.baseUrl() + "/admin/certificates/rotation/" + applicationId);
        page.getByLabel("Certificate to publish next").selectOption(keypairId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Publish in metadata")).click();
        assertThat(page.locator(".notice")).containsText("The next certificate is now in the metadata.");

        page.navigate(server.baseUrl() + "/admin/aws/" + applicationId);
        String both = downloadMetadata(page);
        emulator("PUT", "/emulator/accounts/" + ACCOUNT + "/saml-providers/" + IAM_PROVIDER, both, "application/xml");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the metadata IAM holds")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Recorded the metadata IAM holds");

        page.navigate(server.baseUrl() + "/admin/certificates/rotation/" + applicationId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign with AWS signing 2027")).click();
        JsonNode switched = server.api().get("/applications/" + applicationId + "/saml").json();
        org.assertj.core.api.Assertions.assertThat(switched.get("keypairId").asText()).isEqualTo(keypairId);
        org.assertj.core.api.Assertions.assertThat(switched.get("nextKeypairId").isNull()).as("the old one is still published").isFalse();

        // Step 3, once every SP has the new metadata: the old certificate leaves the metadata.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop publishing Signet self-signed")).click();
        org.assertj.core.api.Assertions.assertThat(server.api().get("/applications/" + applicationId + "/saml").json()
                .get("nextKeypairId").isNull()).isTrue();
    }

    private static void runPreflight(Page page, String applicationId) {
        page.navigate(server.baseUrl() + "/admin/aws/" + applicationId);
        page.locator("#step-preflight").locator("xpath=..").getByLabel("User").selectOption(new SelectOption().setLabel("grace (Grace Hopper)"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run the preflight")).click();
        assertThat(page.locator("h2#report-heading")).containsText("AWS would accept the sign-in");
        assertThat(page.locator("tr[data-rule=role-attribute] .status")).hasText("pass");
        assertThat(page.locator("tr[data-rule=role-session-name] .status")).hasText("pass");
        assertThat(page.locator("tr[data-rule] .status.fail")).hasCount(0);
    }

    private static void section(Page page, String name) {
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Admin sections"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true)).click();
    }

    /** The browser's POST to AWS's sign-in URL, answered by the emulator's console endpoint. */
    private static void toEmulator(Route route) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(aws.baseUrl() + "/saml"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(route.request().postData())).build(), HttpResponse.BodyHandlers.ofString());
            route.fulfill(new Route.FulfillOptions().setStatus(r.statusCode()).setContentType("text/html; charset=utf-8").setBody(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void emulator(String method, String path, String body, String type) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(aws.baseUrl() + path)).header("Content-Type", type)
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
