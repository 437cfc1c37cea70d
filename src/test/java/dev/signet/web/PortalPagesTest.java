package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The portal's search and AWS role choices, and the account page's "Sign out everywhere", over HTTP. */
class PortalPagesTest {
    static final String PASSWORD = "correct horse battery";
    static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
    static final String DEV_ARN = "arn:aws:iam::111122223333:role/Developer";
    static final String OPS_ARN = "arn:aws:iam::444455556666:role/Operator";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void search_filters_the_tiles_on_the_server_once_there_are_more_than_eight() {
        String group = server.api().createGroup("search-staff");
        String user = server.api().createUser("search-user", PASSWORD);
        server.api().addMember(group, user);
        WebClient browser = server.client();
        browser.login("search-user", PASSWORD);
        for (int i = 1; i <= 8; i++) {
            createApp("search-app-" + i, "Tool " + i, group);
        }
        assertThat(browser.get("/").body()).doesNotContain("id=\"q\"");

        createApp("search-ledger", "Ledger", group);
        String all = browser.get("/").body();
        assertThat(all).contains("<label for=\"q\">Search applications</label>").contains("id=\"q\" name=\"q\" type=\"search\"");
        assertThat(tileCount(all)).isEqualTo(9);

        String filtered = browser.get("/?q=LEDG").body();
        assertThat(tileCount(filtered)).isEqualTo(1);
        assertThat(filtered).contains("href=\"/application/launch/search-ledger\"").doesNotContain("Tool 1")
                .contains("value=\"LEDG\"");
        assertThat(filtered).containsPattern("id=\"no-match\"[^>]* hidden");

        String none = browser.get("/?q=" + URLEncoder.encode("<nothing>", StandardCharsets.UTF_8)).body();
        assertThat(tileCount(none)).isZero();
        assertThat(none).contains("No applications match “&lt;nothing&gt;”.").doesNotContainPattern("id=\"no-match\"[^>]* hidden");
    }

    @Test
    void aws_tile_offers_each_role_and_the_choice_sends_only_that_role() {
        String dev = server.api().createGroup("choice-dev");
        String ops = server.api().createGroup("choice-ops");
        String slug = awsApplication("aws-choice", "choice-dev", "choice-ops");
        String user = server.api().createUser("choice-user", PASSWORD);
        server.api().addMember(dev, user);
        server.api().addMember(ops, user);
        WebClient browser = server.client();
        browser.login("choice-user", PASSWORD);

        String portal = browser.get("/").body();
        String devLink = "/application/launch/" + slug + "?role=" + URLEncoder.encode(DEV_ARN, StandardCharsets.UTF_8);
        String opsLink = "/application/launch/" + slug + "?role=" + URLEncoder.encode(OPS_ARN, StandardCharsets.UTF_8);
        assertThat(portal).contains("<a href=\"" + devLink.replace("&", "&amp;") + "\">account 111122223333 · Developer</a>")
                .contains("<a href=\"" + opsLink.replace("&", "&amp;") + "\">account 444455556666 · Operator</a>")
                .contains("src=\"/static/icons/cloud.svg\"")
                .contains("https://console.aws.amazon.com/ec2/home");

        HttpResponse<String> launch = browser.get(opsLink);
        assertThat(launch.statusCode()).isEqualTo(302);
        String init = launch.headers().firstValue("Location").orElseThrow();
        assertThat(init).isEqualTo("/application/saml/" + slug + "/sso/binding/init?role=" + URLEncoder.encode(OPS_ARN, StandardCharsets.UTF_8));
        assertThat(roleValues(browser.get(init))).containsExactly(OPS_ARN + ",arn:aws:iam::444455556666:saml-provider/signet-" + slug);

        // The plain tile still sends every role, for AWS's own role picker.
        HttpResponse<String> plain = browser.get(browser.get("/application/launch/" + slug).headers().firstValue("Location").orElseThrow());
        assertThat(roleValues(plain)).containsExactly(DEV_ARN + ",arn:aws:iam::111122223333:saml-provider/signet-" + slug,
                OPS_ARN + ",arn:aws:iam::444455556666:saml-provider/signet-" + slug);
    }

    @Test
    void a_role_that_is_not_the_users_is_refused_and_nothing_is_posted() {
        String dev = server.api().createGroup("refuse-dev");
        server.api().createGroup("refuse-ops");
        String slug = awsApplication("aws-refuse", "refuse-dev", "refuse-ops");
        String user = server.api().createUser("refuse-user", PASSWORD);
        server.api().addMember(dev, user);
        WebClient browser = server.client();
        browser.login("refuse-user", PASSWORD);
        long signInsBefore = ssoEvents("saml.sso", "refuse-user");

        // One role only: the tile just launches, without choices.
        assertThat(browser.get("/").body()).doesNotContain("?role=").contains("href=\"/application/launch/" + slug + "\"");

        String init = browser.get("/application/launch/" + slug + "?role=" + URLEncoder.encode(OPS_ARN, StandardCharsets.UTF_8))
                .headers().firstValue("Location").orElseThrow();
        HttpResponse<String> refused = browser.get(init);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Role not available").contains("is not one of your roles in AWS refuse-ops")
                .doesNotContain("SAMLResponse").doesNotContain("signin.aws.amazon.com");
        assertThat(ssoEvents("saml.sso", "refuse-user")).isEqualTo(signInsBefore);
        assertThat(ssoEvents("saml.sso.role-refused", "refuse-user")).isEqualTo(1);
    }

    @Test
    void sign_out_everywhere_ends_every_session_including_this_one() {
        String id = server.api().createUser("everywhere", PASSWORD);
        WebClient laptop = server.client();
        WebClient phone = server.client();
        laptop.login("everywhere", PASSWORD);
        phone.login("everywhere", PASSWORD);
        assertThat(server.api().get("/users/" + id + "/sessions").json().get("items").size()).isEqualTo(2);

        String account = laptop.get("/account").body();
        assertThat(account).contains("Sign out everywhere else").contains("action=\"/account/sessions/end-all\"");
        HttpResponse<String> ended = laptop.post("/account/sessions/end-all", Map.of());
        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(ended.headers().firstValue("Location")).hasValue("/login?signed_out_everywhere");

        assertThat(server.api().get("/users/" + id + "/sessions").json().get("items").size()).isZero();
        assertThat(laptop.get("/").statusCode()).isEqualTo(302);
        assertThat(phone.get("/").statusCode()).isEqualTo(302);
        assertThat(laptop.get("/login?signed_out_everywhere").body()).contains("You have signed out everywhere");
        JsonNode revoked = server.api().get("/events?type=session.revoked&user=" + id).json().get("items");
        assertThat(revoked.size()).isEqualTo(1);
        assertThat(revoked.get(0).get("detail").get("scope").asText()).isEqualTo("all");
        assertThat(revoked.get(0).get("detail").get("count").asInt()).isEqualTo(2);
    }

    @Test
    void sign_out_everywhere_without_the_csrf_token_changes_nothing() {
        String id = server.api().createUser("everywhere-csrf", PASSWORD);
        WebClient browser = server.client();
        browser.login("everywhere-csrf", PASSWORD);
        HttpResponse<String> refused = browser.post("/account/sessions/end-all", Map.of("csrf", "forged"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(server.api().get("/users/" + id + "/sessions").json().get("items").size()).isEqualTo(1);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/events?type=session.revoked&user=" + id).json().get("items").size()).isZero();
    }

    @Test
    void sign_out_everywhere_else_keeps_this_session_and_says_so() {
        server.api().createUser("others-only", PASSWORD);
        WebClient laptop = server.client();
        WebClient phone = server.client();
        laptop.login("others-only", PASSWORD);
        phone.login("others-only", PASSWORD);
        laptop.get("/account");
        HttpResponse<String> ended = laptop.post("/account/sessions/end-others", Map.of());
        assertThat(ended.headers().firstValue("Location")).hasValue("/account?others_ended");
        assertThat(laptop.get("/account?others_ended").body()).contains("Your other sessions have been signed out.");
        assertThat(phone.get("/").statusCode()).isEqualTo(302);
    }

    // ---- fixtures ----

    private static void createApp(String slug, String name, String groupId) {
        Response r = server.api().post("/applications", "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\",\"accessMode\":\"groups\","
                + "\"groupIds\":[\"" + groupId + "\"],\"launchUrl\":\"https://" + slug + ".example.com/\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** An AWS application whose first group gets Developer in one account and second group Operator in another. */
    static String awsApplication(String slug, String devGroup, String opsGroup) {
        Response r = server.api().post("/aws/applications", "{\"slug\":\"" + slug + "\",\"name\":\"AWS " + opsGroup + "\","
                + "\"consoleUrl\":\"https://console.aws.amazon.com/ec2/home\",\"roles\":["
                + "{\"group\":\"" + devGroup + "\",\"account\":\"111122223333\",\"role\":\"Developer\"},"
                + "{\"group\":\"" + opsGroup + "\",\"account\":\"444455556666\",\"role\":\"Operator\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return slug;
    }

    private static int tileCount(String html) {
        return html.split("<li class=\"tile\"", -1).length - 1;
    }

    private static long ssoEvents(String type, String username) {
        return server.api().get("/events?type=" + type + "&user=" + username + "&limit=500").json().get("items").size();
    }

    /** The Role values of the SAMLResponse the page would post (signatures and schema checked). */
    private static List<String> roleValues(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body()));
        return SamlTestKit.attributeValues(doc, ROLE_ATTRIBUTE);
    }
}
