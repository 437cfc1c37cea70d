package dev.signet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The AWS preset through the admin API: creation, validation, role mapping at sign-in, deep links, setup, preflight. */
class AwsPresetApiTest {
    static final String PASSWORD = "correct horse battery";
    static final String ROLE = "https://aws.amazon.com/SAML/Attributes/Role";
    private static final AtomicInteger SLUGS = new AtomicInteger();

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    static String dev;
    static String ops;
    static String loner;

    @BeforeAll
    static void directory() {
        String developers = server.api().createGroup("aws-developers");
        String operators = server.api().createGroup("aws-operators");
        dev = server.api().createUser("dana", PASSWORD);
        server.api().addMember(developers, dev);
        ops = server.api().createUser("omar", PASSWORD);
        server.api().addMember(developers, ops);
        server.api().addMember(operators, ops);
        loner = server.api().createUser("lou", PASSWORD);
    }

    static String twoAccountPreset(String slug) {
        return "{\"slug\":\"" + slug + "\",\"name\":\"AWS " + slug + "\",\"sessionDuration\":7200,"
                + "\"consoleUrl\":\"https://s3.console.aws.amazon.com/s3/home\","
                + "\"principalTags\":{\"Department\":\"department\"},"
                + "\"roles\":["
                + "{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"Developer\"},"
                + "{\"group\":\"aws-operators\",\"role\":\"arn:aws:iam::444455556666:role/ops/Operator\",\"provider\":\"Corp\"}]}";
    }

    private static JsonNode create(String json) {
        Response r = server.api().post("/aws/applications", json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String slug() {
        return "aws" + SLUGS.incrementAndGet();
    }

    private static WebClient signedIn(String username) {
        WebClient browser = server.client();
        browser.login(username, PASSWORD);
        return browser;
    }

    @Test
    void one_call_creates_a_provider_as_aws_needs_it() {
        String slug = slug();
        JsonNode aws = create(twoAccountPreset(slug));
        String id = aws.get("applicationId").asText();
        assertThat(aws.get("signInUrl").asText()).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(aws.get("roles").get(0).get("value").asText())
                .isEqualTo("arn:aws:iam::111122223333:role/Developer,arn:aws:iam::111122223333:saml-provider/signet-" + slug);
        assertThat(aws.get("roles").get(1).get("roleArn").asText()).isEqualTo("arn:aws:iam::444455556666:role/ops/Operator");
        assertThat(aws.get("roles").get(1).get("providerArn").asText()).isEqualTo("arn:aws:iam::444455556666:saml-provider/Corp");

        JsonNode saml = server.api().get("/applications/" + id + "/saml").json();
        assertThat(saml.get("spEntityId").asText()).isEqualTo("urn:amazon:webservices");
        assertThat(saml.get("acsUrls").get(0).asText()).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(saml.get("acsBinding").asText()).isEqualTo("post");
        assertThat(saml.get("signAssertion").asBoolean()).isTrue();
        assertThat(saml.get("nameIdFormat").asText()).isEqualTo("persistent");
        assertThat(saml.get("defaultRelayState").asText()).isEqualTo("https://s3.console.aws.amazon.com/s3/home");
        assertThat(saml.get("sessionValiditySeconds").asInt()).as("session length + redemption window").isEqualTo(7500);
        List<String> mappings = new ArrayList<>();
        saml.get("propertyMappings").forEach(m -> mappings.add(m.asText()));
        assertThat(mappings).containsExactly("aws-role", "aws-role-session-name", "aws-session-duration",
                "aws-principal-tag-Department-from-department");

        Response regional = server.api().patch("/applications/" + id + "/aws", "{\"region\":\"eu-central-1\",\"sessionDuration\":3600}");
        assertThat(regional.status()).as(regional.body()).isEqualTo(200);
        assertThat(regional.json().get("signInUrl").asText()).isEqualTo("https://eu-central-1.signin.aws.amazon.com/saml");
        JsonNode after = server.api().get("/applications/" + id + "/saml").json();
        assertThat(after.get("acsUrls").get(0).asText()).isEqualTo("https://eu-central-1.signin.aws.amazon.com/saml");
        assertThat(after.get("propertyMappings").size()).isEqualTo(4);
    }

    @Test
    void a_change_keeps_the_admins_own_mappings_and_a_new_provider_name_moves_the_rules_that_used_the_default() {
        String slug = slug();
        String id = create(twoAccountPreset(slug)).get("applicationId").asText();
        String own = "session-from-email-" + slug;
        assertThat(server.api().post("/property-mappings", JsonBodies.json("name", own, "samlName",
                "https://aws.amazon.com/SAML/Attributes/RoleSessionName", "expression", "aws.sessionName(user.email)")).status())
                .isEqualTo(201);
        server.api().patch("/applications/" + id + "/saml", "{\"propertyMappings\":[\"aws-role\",\"" + own
                + "\",\"aws-session-duration\",\"groups\"]}");
        Response changed = server.api().patch("/applications/" + id + "/aws", "{\"providerName\":\"signet-renamed\",\"sessionDuration\":5400}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        List<String> mappings = new ArrayList<>();
        server.api().get("/applications/" + id + "/saml").json().get("propertyMappings").forEach(m -> mappings.add(m.asText()));
        assertThat(mappings).as("own RoleSessionName replaces the built-in one; the others stay")
                .containsExactly("aws-role", "aws-session-duration", "aws-principal-tag-Department-from-department", own, "groups");
        JsonNode roles = changed.json().get("roles");
        assertThat(roles.get(0).get("providerArn").asText()).isEqualTo("arn:aws:iam::111122223333:saml-provider/signet-renamed");
        assertThat(roles.get(1).get("providerArn").asText()).as("named its own provider").isEqualTo("arn:aws:iam::444455556666:saml-provider/Corp");
    }

    @Test
    void the_admins_own_mappings_given_at_creation_replace_the_presets_and_are_checked() throws Exception {
        String own = "session-from-email-at-creation";
        assertThat(server.api().post("/property-mappings", JsonBodies.json("name", own, "samlName",
                "https://aws.amazon.com/SAML/Attributes/RoleSessionName", "expression", "aws.sessionName(\"signet-\" + user.username)")).status())
                .isEqualTo(201);
        long apps = server.api().total("/applications");
        Response refused = server.api().post("/aws/applications", "{\"slug\":\"own-refused\",\"name\":\"Own\","
                + "\"propertyMappings\":[\"no-such-mapping\",\"aws-role\"],"
                + "\"roles\":[{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"Dev\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("propertyMappings[0]", "propertyMappings[1]");
        assertThat(server.api().total("/applications")).isEqualTo(apps);

        String slug = slug();
        create("{\"slug\":\"" + slug + "\",\"name\":\"AWS " + slug + "\",\"propertyMappings\":[\"" + own + "\",\"groups\"],"
                + "\"roles\":[{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"Dev\"}]}");
        String id = server.api().get("/applications?name=" + slug).json().get("items").get(0).get("id").asText();
        List<String> mappings = new ArrayList<>();
        server.api().get("/applications/" + id + "/saml").json().get("propertyMappings").forEach(m -> mappings.add(m.asText()));
        assertThat(mappings).containsExactly("aws-role", "aws-session-duration", own, "groups");
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                signedIn("dana").get("/application/saml/" + slug + "/sso/binding/init").body()));
        assertThat(SamlTestKit.attributeValues(doc, "https://aws.amazon.com/SAML/Attributes/RoleSessionName")).as("one value, from the admin's mapping")
                .containsExactly("signet-dana").hasSize(1);
    }

    @Test
    void two_groups_mapped_to_one_role_give_one_role_value() throws Exception {
        String slug = slug();
        create("{\"slug\":\"" + slug + "\",\"name\":\"AWS " + slug + "\",\"roles\":["
                + "{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"Shared\"},"
                + "{\"group\":\"aws-operators\",\"account\":\"111122223333\",\"role\":\"Shared\"},"
                + "{\"group\":\"aws-operators\",\"account\":\"111122223333\",\"role\":\"Ops\"}]}");
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                signedIn("omar").get("/application/saml/" + slug + "/sso/binding/init").body()));
        String provider = "arn:aws:iam::111122223333:saml-provider/signet-" + slug;
        assertThat(SamlTestKit.attributeValues(doc, ROLE)).containsExactly("arn:aws:iam::111122223333:role/Shared," + provider,
                "arn:aws:iam::111122223333:role/Ops," + provider);
    }

    @Test
    void a_failure_after_the_application_was_created_leaves_nothing_behind() {
        long apps = server.api().total("/applications");
        long mappings = server.api().total("/property-mappings");
        Response r = server.api().post("/aws/applications", "{\"slug\":\"half-made\",\"name\":\"Half\","
                + "\"principalTags\":{\"Team\":\"team\"},\"keypairId\":\"00000000-0000-4000-8000-00000000abcd\","
                + "\"roles\":[{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"Dev\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).contains("keypairId");
        assertThat(server.api().total("/applications")).isEqualTo(apps);
        assertThat(server.api().total("/property-mappings")).isEqualTo(mappings);
    }

    @Test
    void invalid_settings_are_all_reported_and_nothing_is_created() {
        long before = server.api().total("/applications");
        Response r = server.api().post("/aws/applications", "{\"slug\":\"bad-aws\",\"name\":\"Bad\",\"sessionDuration\":100,"
                + "\"consoleUrl\":\"https://evil.example.com/\",\"region\":\"moon-1\",\"principalTags\":{\"aws:x\":\"a\",\"Dept\":\"d\",\"dept\":\"d\"},"
                + "\"roles\":[{\"group\":\"nobody-here\",\"account\":\"11112222333\",\"role\":\"has space\"},"
                + "{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"arn:aws:iam::999999999999:role/X\"},"
                + "{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"Dev\",\"provider\":\"bad name!\"},"
                + "{\"group\":\"aws-developers\",\"account\":\"111122223333\",\"role\":\"a,b\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).contains("sessionDuration", "consoleUrl", "region", "principalTags.aws:x", "principalTags.dept",
                "roles[0].group", "roles[0].account", "roles[0].role", "roles[1].role", "roles[2].provider", "roles[3].role");
        Response china = server.api().post("/aws/applications", "{\"slug\":\"cn-aws\",\"name\":\"CN\",\"region\":\"cn-north-1\"}");
        assertThat(china.errorFields()).containsExactly("region");
        assertThat(server.api().total("/applications")).isEqualTo(before);
    }

    @Test
    void users_get_the_roles_of_their_groups_and_a_user_without_one_a_page() throws Exception {
        String slug = slug();
        create(twoAccountPreset(slug));
        String init = "/application/saml/" + slug + "/sso/binding/init";

        HttpResponse<String> one = signedIn("dana").get(init);
        assertThat(SamlTestKit.formAction(one.body())).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(SamlTestKit.formFields(one.body())).containsEntry("RelayState", "https://s3.console.aws.amazon.com/s3/home");
        Document single = SamlTestKit.parse(SamlTestKit.decodeResponse(server, one.body()));
        assertThat(SamlTestKit.attributeValues(single, ROLE)).containsExactly(
                "arn:aws:iam::111122223333:role/Developer,arn:aws:iam::111122223333:saml-provider/signet-" + slug);
        assertThat(SamlTestKit.attributeValues(single, "https://aws.amazon.com/SAML/Attributes/RoleSessionName")).containsExactly("dana");
        assertThat(SamlTestKit.attributeValues(single, "https://aws.amazon.com/SAML/Attributes/SessionDuration")).containsExactly("7200");
        assertThat(SamlTestKit.attributeValues(single, "https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department")).isEmpty();

        Document two = SamlTestKit.parse(SamlTestKit.decodeResponse(server, signedIn("omar").get(init).body()));
        assertThat(SamlTestKit.attributeValues(two, ROLE)).hasSize(2);

        HttpResponse<String> none = signedIn("lou").get(init);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("No AWS role").contains("AWS " + slug).doesNotContain("SAMLResponse");
        JsonNode events = server.api().get("/events?type=saml.sso.no-role&limit=50").json().get("items");
        assertThat(events.get(0).get("subjectUsername").asText()).isEqualTo("lou");
    }

    @Test
    void deep_links_go_only_into_the_aws_console() {
        String slug = slug();
        create(twoAccountPreset(slug));
        WebClient browser = signedIn("dana");
        String base = server.baseUrl() + "/application/saml/" + slug + "/sso/binding/init?RelayState=";
        String s3 = "https://us-east-2.console.aws.amazon.com/ec2/";
        HttpResponse<String> ok = browser.send(HttpRequest.newBuilder(URI.create(base + URLEncoder.encode(s3, StandardCharsets.UTF_8)))
                .header("Sec-Fetch-Site", "same-origin").build());
        assertThat(SamlTestKit.formFields(ok.body())).containsEntry("RelayState", s3);
        for (String bad : List.of("https://evil.example.com/", "http://console.aws.amazon.com/", "https://console.aws.amazon.com.evil.io/",
                "https://user@console.aws.amazon.com/")) {
            HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create(base + URLEncoder.encode(bad, StandardCharsets.UTF_8)))
                    .header("Sec-Fetch-Site", "same-origin").build());
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("not an AWS console address").doesNotContain("SAMLResponse");
        }
        // AWS sends no AuthnRequest, but one can be made up: its RelayState is held to the same rule.
        String request = SamlTestKit.authnRequest("_aws-sp-" + slug, "urn:amazon:webservices", java.time.Instant.now(),
                Map.of("AssertionConsumerServiceURL", "https://signin.aws.amazon.com/saml"), null);
        HttpResponse<String> spInitiated = browser.get("/application/saml/" + slug + "/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(request, "https://evil.example.com/"));
        assertThat(spInitiated.statusCode()).isEqualTo(400);
        assertThat(spInitiated.body()).contains("not an AWS console address").doesNotContain("SAMLResponse");
        // Nor can the provider's default RelayState, changed through the SAML settings, lead elsewhere.
        String id = SamlTestKit.applicationId(server, slug);
        assertThat(server.api().patch("/applications/" + id + "/saml", JsonBodies.json("defaultRelayState", "https://evil.example.com/"))
                .status()).isEqualTo(200);
        HttpResponse<String> tile = browser.get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(tile.statusCode()).isEqualTo(400);
        assertThat(tile.body()).contains("not an AWS console address");
    }

    @Test
    void setup_artifacts_name_every_account_role_and_provider() throws Exception {
        String slug = slug();
        String id = create(twoAccountPreset(slug)).get("applicationId").asText();
        JsonNode setup = server.api().get("/applications/" + id + "/aws/setup").json();
        String cli = setup.get("cliScript").asText();
        assertThat(cli).contains("create-saml-provider").contains("signet-" + slug).contains("Corp").contains("Developer")
                .contains("Operator");
        assertThat(setup.get("cloudFormationTemplates").has("111122223333")).isTrue();
        assertThat(setup.get("cloudFormationTemplates").has("444455556666")).isTrue();
        JsonNode policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(setup.get("trustPolicies").get("arn:aws:iam::111122223333:role/Developer").asText());
        JsonNode statement = policy.get("Statement").get(0);
        assertThat(statement.get("Principal").get("Federated").asText())
                .isEqualTo("arn:aws:iam::111122223333:saml-provider/signet-" + slug);
        assertThat(statement.toString()).contains("sts:AssumeRoleWithSAML").contains("sts:TagSession")
                .contains("https://signin.aws.amazon.com/saml");
        for (JsonNode file : setup.get("files")) {
            Response download = server.api().get("/applications/" + id + "/aws/setup/" + file.asText());
            assertThat(download.status()).as(file.asText()).isEqualTo(200);
            assertThat(download.body()).as(file.asText()).isNotBlank();
        }
        assertThat(server.api().get("/applications/" + id + "/aws/setup/nope.txt").status()).isEqualTo(404);
    }

    @Test
    void preflight_passes_for_a_user_with_a_role_and_catches_a_rotation_aws_has_not_seen() {
        String slug = slug();
        JsonNode created = create(twoAccountPreset(slug));
        String id = created.get("applicationId").asText();
        JsonNode first = server.api().post("/applications/" + id + "/aws/preflight", JsonBodies.json("userId", dev)).json();
        assertThat(first.get("passed").asBoolean()).as(first.toString()).isTrue();
        assertThat(result(first, "iam-metadata-recorded")).isEqualTo("warning");
        assertThat(result(first, "signature")).isEqualTo("pass");
        assertThat(result(first, "role-session-name")).isEqualTo("pass");

        assertThat(server.api().post("/applications/" + id + "/aws/iam-metadata", "{}").status()).isEqualTo(200);
        JsonNode recorded = server.api().post("/applications/" + id + "/aws/preflight", JsonBodies.json("userId", dev)).json();
        assertThat(result(recorded, "iam-metadata-recorded")).isNull();
        assertThat(recorded.get("worst").asText()).as(recorded.toString()).isEqualTo("pass");

        // Rotate in Signet only: a new keypair becomes the active one.
        String keypair = server.api().post("/keypairs", JsonBodies.json("name", "rotated-" + slug, "keyType", "rsa-2048")).json()
                .get("id").asText();
        assertThat(server.api().patch("/applications/" + id + "/saml", JsonBodies.json("keypairId", keypair)).status()).isEqualTo(200);
        JsonNode rotated = server.api().post("/applications/" + id + "/aws/preflight", JsonBodies.json("userId", dev)).json();
        assertThat(rotated.get("passed").asBoolean()).isFalse();
        assertThat(result(rotated, "certificate-in-iam-metadata")).isEqualTo("fail");
        assertThat(result(rotated, "signature")).isEqualTo("fail");

        JsonNode noRole = server.api().post("/applications/" + id + "/aws/preflight", JsonBodies.json("userId", loner)).json();
        assertThat(result(noRole, "sign-in-possible")).isEqualTo("fail");
    }

    private static String result(JsonNode report, String rule) {
        for (JsonNode r : report.get("results")) {
            if (r.get("id").asText().equals(rule)) {
                return r.get("status").asText();
            }
        }
        return null;
    }
}
