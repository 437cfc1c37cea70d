package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.aws.preflight.Rule;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AWS wizard, setup page, downloads and preflight of the admin console, over HTTP, checked against the admin API. */
class AwsPagesTest {
    static final String ACCOUNT = "111122223333";
    private static final AtomicInteger SLUGS = new AtomicInteger();
    private static final Pattern CREATED = Pattern.compile("/admin/aws/([0-9a-f-]{36})\\?done=created");

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    static String engineers;
    static String carla;
    static String nobody;

    @BeforeAll
    static void directory() {
        engineers = server.api().createGroup("console-engineers");
        carla = server.api().createUser("carla", "correct horse battery");
        server.api().addMember(engineers, carla);
        nobody = server.api().createUser("noel", "correct horse battery");
    }

    private static WebClient admin() {
        return ConsolePages.signedInAdmin(server);
    }

    /** A complete wizard form: one rule (engineers -> ReadOnly in ACCOUNT) in the first of three rows. */
    private static Map<String, String> wizard(String slug) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "AWS " + slug);
        form.put("slug", slug);
        form.put("region", "");
        form.put("sessionDuration", "3600");
        form.put("accessMode", "all");
        form.put("rows", "3");
        form.put("roles[0].group", engineers);
        form.put("roles[0].account", ACCOUNT);
        form.put("roles[0].role", "ReadOnly");
        return form;
    }

    private static String slug() {
        return "console-aws" + SLUGS.incrementAndGet();
    }

    /** Creates an AWS application through the wizard; returns its ID. */
    private static String createThroughWizard(WebClient web, Map<String, String> form) {
        web.get("/admin/aws/new");
        HttpResponse<String> r = web.post("/admin/aws/new", form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        Matcher m = CREATED.matcher(r.headers().firstValue("Location").orElse(""));
        assertThat(m.matches()).as(r.headers().firstValue("Location").orElse("")).isTrue();
        return m.group(1);
    }

    private static JsonNode awsSettings(String id) {
        return server.api().get("/applications/" + id + "/aws").json();
    }

    @Test
    void a_bad_account_in_the_second_row_is_shown_in_that_cell_and_nothing_is_created() {
        WebClient web = admin();
        long before = server.api().total("/applications");
        Map<String, String> form = wizard(slug());
        form.put("roles[1].group", engineers);
        form.put("roles[1].account", "12345");
        form.put("roles[1].role", "Admin");
        web.get("/admin/aws/new");

        HttpResponse<String> r = web.post("/admin/aws/new", form);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .contains("<p class=\"field-error\" id=\"roles-1-account-error\">An AWS account ID is exactly 12 digits.</p>")
                .containsPattern("id=\"roles-1-account\" name=\"roles\\[1]\\.account\" value=\"12345\"[^>]*aria-invalid=\"true\""
                        + " aria-describedby=\"roles-1-account-error\"")
                .contains("href=\"#roles-1-account\"")
                .doesNotContain("id=\"roles-0-account-error\"");
        assertThat(server.api().total("/applications")).isEqualTo(before);
    }

    @Test
    void a_rule_after_an_empty_row_has_its_message_in_its_own_row() {
        WebClient web = admin();
        long before = server.api().total("/applications");
        Map<String, String> form = wizard(slug());
        form.put("roles[2].group", engineers);
        form.put("roles[2].account", ACCOUNT);
        form.put("roles[2].role", "bad,name");
        web.get("/admin/aws/new");

        HttpResponse<String> r = web.post("/admin/aws/new", form);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"roles-2-role-error\"").doesNotContain("id=\"roles-1-role-error\"");
        assertThat(server.api().total("/applications")).isEqualTo(before);
    }

    @Test
    void add_rows_shows_the_form_again_with_its_values_and_three_more_rows() {
        WebClient web = admin();
        long before = server.api().total("/applications");
        Map<String, String> form = wizard(slug());
        form.put("more", "rows");
        web.get("/admin/aws/new");

        HttpResponse<String> r = web.post("/admin/aws/new", form);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("name=\"roles[5].account\"").doesNotContain("name=\"roles[6].account\"")
                .contains("name=\"rows\" value=\"6\"")
                .containsPattern("name=\"roles\\[0]\\.account\" value=\"" + ACCOUNT + "\"")
                .doesNotContain("field-error");
        assertThat(server.api().total("/applications")).isEqualTo(before);
    }

    @Test
    void the_wizard_creates_the_application_and_its_setup_page_has_the_iam_commands() {
        WebClient web = admin();
        String slug = slug();
        Map<String, String> form = wizard(slug);
        form.put("region", "eu-central-1");
        form.put("sessionDuration", "7200");
        form.put("principalTags", "Department = department");
        form.put("sourceIdentity", "true");
        form.put("roles[1].group", "");
        form.put("roles[2].group", engineers);
        form.put("roles[2].role", "arn:aws:iam::444455556666:role/ops/Operator");
        form.put("roles[2].provider", "Corp");

        String id = createThroughWizard(web, form);

        JsonNode aws = awsSettings(id);
        assertThat(aws.get("slug").asText()).isEqualTo(slug);
        assertThat(aws.get("region").asText()).isEqualTo("eu-central-1");
        assertThat(aws.get("sessionDuration").asInt()).isEqualTo(7200);
        assertThat(aws.get("sourceIdentity").asBoolean()).isTrue();
        assertThat(aws.get("principalTags").get("Department").asText()).isEqualTo("department");
        assertThat(aws.get("roles")).hasSize(2);
        assertThat(aws.get("roles").get(0).get("roleArn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/ReadOnly");
        assertThat(aws.get("roles").get(0).get("providerArn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":saml-provider/signet-" + slug);
        assertThat(aws.get("roles").get(1).get("roleArn").asText()).isEqualTo("arn:aws:iam::444455556666:role/ops/Operator");
        assertThat(aws.get("roles").get(1).get("providerArn").asText()).isEqualTo("arn:aws:iam::444455556666:saml-provider/Corp");

        HttpResponse<String> setup = web.get("/admin/aws/" + id + "?done=created");
        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(setup.body()).contains("AWS application created.")
                .contains("https://eu-central-1.signin.aws.amazon.com/saml")
                .containsPattern("<pre id=\"setup-iam\"[^>]*>[^<]*aws_in " + ACCOUNT + " iam create-saml-provider --name 'signet-" + slug + "'")
                .contains("ReadOnly").contains("ops/Operator")
                .contains("data-copy=\"setup-iam\"")
                .contains("sts:TagSession").contains("sts:SetSourceIdentity")
                // The save-time checks: nothing is recorded as uploaded to IAM yet.
                .containsPattern("data-rule=\"iam-metadata-recorded\"><td><span class=\"status warn\">warning</span>");
        String script = web.get("/admin/aws/" + id + "/files/setup-iam.sh").body();
        assertThat(script).contains(ACCOUNT).contains("ReadOnly").contains("444455556666");
        assertThat(web.get("/admin/aws").body()).contains("AWS " + slug).contains(ACCOUNT).contains("444455556666")
                .contains("href=\"/admin/aws/" + id + "/preflight\"");
    }

    @Test
    void downloads_are_attachments_with_the_artifacts_content() throws Exception {
        WebClient web = admin();
        String slug = slug();
        String id = createThroughWizard(web, wizard(slug));

        String metadataName = "signet-" + slug + "-metadata.xml";
        HttpResponse<String> metadata = web.get("/admin/aws/" + id + "/files/" + metadataName);
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + metadataName + "\"");
        assertThat(metadata.headers().firstValue("Content-Type").orElse("")).startsWith("application/samlmetadata+xml");
        assertThat(metadata.body()).isEqualTo(web.get("/application/saml/" + slug + "/metadata").body()).contains("EntityDescriptor");

        String cfnName = "cloudformation-" + ACCOUNT + ".json";
        HttpResponse<String> cfn = web.get("/admin/aws/" + id + "/files/" + cfnName);
        assertThat(cfn.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + cfnName + "\"");
        assertThat(cfn.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode template = new ObjectMapper().readTree(cfn.body());
        assertThat(template.get("Resources").toString()).contains("AWS::IAM::SAMLProvider").contains("ReadOnly");

        HttpResponse<String> trust = web.get("/admin/aws/" + id + "/files/trust-policy-" + ACCOUNT + "-ReadOnly.json");
        assertThat(new ObjectMapper().readTree(trust.body()).toString()).contains("sts:AssumeRoleWithSAML");
        assertThat(web.get("/admin/aws/" + id + "/files/main.tf").headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"main.tf\"");

        assertThat(web.get("/admin/aws/" + id + "/files/passwd").statusCode()).isEqualTo(404);
        assertThat(web.get("/admin/aws/" + id + "/files/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
        assertThat(web.get("/admin/aws/" + UUID.randomUUID() + "/files/" + metadataName).statusCode()).isEqualTo(404);
    }

    @Test
    void a_role_path_with_a_quote_gives_a_download_name_without_one() {
        WebClient web = admin();
        Map<String, String> form = wizard(slug());
        form.put("roles[0].role", "arn:aws:iam::" + ACCOUNT + ":role/we\"ird/Name");
        String id = createThroughWizard(web, form);

        String safeName = "trust-policy-" + ACCOUNT + "-we_ird-Name.json";
        assertThat(web.get("/admin/aws/" + id).body()).contains("href=\"/admin/aws/" + id + "/files/" + safeName + "\"");
        HttpResponse<String> trust = web.get("/admin/aws/" + id + "/files/" + safeName);
        assertThat(trust.statusCode()).isEqualTo(200);
        assertThat(trust.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + safeName + "\"");
        assertThat(trust.body()).contains("sts:AssumeRoleWithSAML");
    }

    @Test
    void the_preflight_lists_every_rule_and_passes_the_role_for_a_mapped_user() {
        WebClient web = admin();
        String id = createThroughWizard(web, wizard(slug()));
        web.get("/admin/aws/" + id + "/preflight");

        HttpResponse<String> r = web.post("/admin/aws/" + id + "/preflight", Map.of("userId", carla));

        assertThat(r.statusCode()).isEqualTo(200);
        for (Rule rule : Rule.values()) {
            assertThat(r.body()).contains("data-rule=\"" + rule.id() + "\"");
        }
        assertThat(r.body()).containsPattern("data-rule=\"role-attribute\"><td><span class=\"status pass\">pass</span>")
                .contains("AWS would accept the sign-in");
    }

    @Test
    void the_preflight_for_a_user_without_a_role_shows_the_failing_rule() {
        WebClient web = admin();
        String id = createThroughWizard(web, wizard(slug()));
        web.get("/admin/aws/" + id + "/preflight");

        HttpResponse<String> r = web.post("/admin/aws/" + id + "/preflight", Map.of("userId", nobody));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).containsPattern("data-rule=\"sign-in-possible\"><td><span class=\"status fail\">fail</span>")
                .contains("Add one of the user's groups to the application's role mapping.")
                .contains("AWS would refuse the sign-in");

        HttpResponse<String> none = web.post("/admin/aws/" + id + "/preflight", Map.of("userId", ""));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("<p class=\"field-error\" id=\"userId-error\">Choose the user to test with.</p>")
                .doesNotContain("data-rule=");
    }

    @Test
    void a_refused_edit_changes_nothing_and_an_accepted_one_is_stored() {
        WebClient web = admin();
        String slug = slug();
        String id = createThroughWizard(web, wizard(slug));
        HttpResponse<String> edit = web.get("/admin/aws/" + id + "/edit");
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).containsPattern("name=\"roles\\[0]\\.role\" value=\"ReadOnly\"")
                .contains("name=\"sessionDuration\" type=\"number\" value=\"3600\"")
                .doesNotContain("name=\"slug\"")
                .as("an empty certificate choice keeps the provider's on edit").contains("Keep the current certificate")
                .doesNotContain("The default keypair");

        Map<String, String> refused = new LinkedHashMap<>(wizardSettings());
        refused.put("sessionDuration", "100");
        refused.put("roles[1].group", engineers);
        refused.put("roles[1].account", ACCOUNT);
        refused.put("roles[1].role", "Admin");
        HttpResponse<String> r = web.post("/admin/aws/" + id + "/edit", refused);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<p class=\"field-error\" id=\"sessionDuration-error\">AWS accepts 900 to 43200 seconds")
                .contains("value=\"100\"");
        JsonNode unchanged = awsSettings(id);
        assertThat(unchanged.get("sessionDuration").asInt()).isEqualTo(3600);
        assertThat(unchanged.get("roles")).hasSize(1);

        Map<String, String> accepted = new LinkedHashMap<>(refused);
        accepted.put("sessionDuration", "7200");
        accepted.put("providerName", "Signet");
        accepted.put("consoleUrl", "https://console.aws.amazon.com/ec2/home");
        HttpResponse<String> ok = web.post("/admin/aws/" + id + "/edit", accepted);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).hasValue("/admin/aws/" + id + "?done=updated");
        JsonNode changed = awsSettings(id);
        assertThat(changed.get("sessionDuration").asInt()).isEqualTo(7200);
        assertThat(changed.get("consoleUrl").asText()).isEqualTo("https://console.aws.amazon.com/ec2/home");
        assertThat(changed.get("roles")).hasSize(2);
        assertThat(changed.get("roles").get(1).get("roleArn").asText()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/Admin");
        // Rules without a provider follow the default name.
        assertThat(changed.get("roles").get(0).get("providerArn").asText()).endsWith(":saml-provider/Signet");
    }

    /** The edit form's fields as the wizard fills them (no application fields). */
    private static Map<String, String> wizardSettings() {
        Map<String, String> form = wizard("unused");
        form.remove("name");
        form.remove("slug");
        form.remove("accessMode");
        return form;
    }

    @Test
    void recording_the_iam_metadata_pasted_or_uploaded_is_what_the_preflight_compares_with() throws Exception {
        WebClient web = admin();
        String id = createThroughWizard(web, wizard(slug()));
        assertThat(awsSettings(id).get("iamMetadataRecordedAt").isNull()).isTrue();
        web.get("/admin/aws/" + id);

        HttpResponse<String> pasted = web.post("/admin/aws/" + id + "/iam-metadata", Map.of("metadata", ""));
        assertThat(pasted.statusCode()).isEqualTo(303);
        assertThat(awsSettings(id).get("iamMetadataRecordedAt").isNull()).isFalse();
        assertThat(preflight(id).toString()).doesNotContain("iam-metadata-recorded");
        assertThat(web.get("/admin/aws/" + id + "?done=recorded").body()).contains("Recorded the metadata IAM holds");

        // An upload that is no metadata at all: the preflight now judges against it.
        String boundary = "----signet" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + web.csrf() + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadataFile\"; filename=\"held.xml\"\r\n"
                + "Content-Type: application/xml\r\n\r\n<NotMetadata/>\r\n--" + boundary + "--\r\n";
        HttpResponse<String> uploaded = web.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/aws/" + id + "/iam-metadata"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        JsonNode iamMetadata = ruleOf(preflight(id), "iam-metadata");
        assertThat(iamMetadata.get("status").asText()).isEqualTo("fail");
    }

    private static JsonNode preflight(String id) {
        return server.api().post("/applications/" + id + "/aws/preflight", JsonBodies.json("userId", carla)).json();
    }

    private static JsonNode ruleOf(JsonNode report, String ruleId) {
        for (JsonNode r : report.get("results")) {
            if (r.get("id").asText().equals(ruleId)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + ruleId + " in " + report);
    }
}
