package dev.signet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.aws.preflight.AwsPreflight;
import dev.signet.aws.preflight.PreflightInput;
import dev.signet.aws.preflight.PreflightReport;
import dev.signet.aws.preflight.Status;
import dev.signet.awsemulator.AwsEmulator;
import dev.signet.awsemulator.AwsEmulatorOptions;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.MutableClock;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;

/**
 * Signet and the local AWS emulator end to end: the IAM side is set up in the emulator from the
 * artifacts Signet generates, users sign in through Signet's portal link and the emulator (which
 * checks AWS's rules with code of its own) signs them in; the AWS SDK for Java redeems Signet's
 * assertion at the emulator's STS. Each broken rule is reported by the preflight and refused by the
 * emulator.
 */
class AwsEndToEndTest {
    static final String PASSWORD = "correct horse battery";
    static final String DEV_ACCOUNT = "210987654321";
    static final String OPS_ACCOUNT = "310987654321";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SLUGS = new AtomicInteger();

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    static final MutableClock awsClock = new MutableClock(Instant.now());
    static AwsEmulator aws;
    static final HttpClient http = HttpClient.newHttpClient();
    static String erin;
    static String frank;
    static String gina;

    @BeforeAll
    static void setUp() {
        aws = AwsEmulator.start(AwsEmulatorOptions.defaults().withPort(0).withClock(awsClock));
        String developers = server.api().createGroup("e2e-developers");
        String operators = server.api().createGroup("e2e-operators");
        erin = server.api().createUser("erin", PASSWORD);
        server.api().patch("/users/" + erin, "{\"displayName\":\"Erin Example\"}");
        server.api().addMember(developers, erin);
        frank = server.api().createUser("frank", PASSWORD);
        server.api().addMember(developers, frank);
        server.api().addMember(operators, frank);
        gina = server.api().createUser("gina", PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        aws.close();
    }

    /** An AWS application mapping developers and operators to roles in two accounts, set up in the emulator's IAM. */
    private static String awsApplication(String slug) throws Exception {
        Response created = server.api().post("/aws/applications", "{\"slug\":\"" + slug + "\",\"name\":\"AWS\","
                + "\"consoleUrl\":\"https://console.aws.amazon.com/s3/home\",\"sessionDuration\":7200,\"roles\":["
                + "{\"group\":\"e2e-developers\",\"account\":\"" + DEV_ACCOUNT + "\",\"role\":\"Developer\"},"
                + "{\"group\":\"e2e-operators\",\"account\":\"" + OPS_ACCOUNT + "\",\"role\":\"Operator\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // Before the upload is recorded, that is the only remark.
        assertThat(created.json().get("checks").findValuesAsText("id")).as(created.body()).containsExactly("iam-metadata-recorded");
        String id = created.json().get("applicationId").asText();
        JsonNode setup = server.api().get("/applications/" + id + "/aws/setup").json();
        String metadata = server.api().get("/applications/" + id + "/aws/setup/" + setup.get("metadataFileName").asText()).body();
        for (String account : new String[] {DEV_ACCOUNT, OPS_ACCOUNT}) {
            assertThat(emulator("PUT", "/emulator/accounts/" + account + "/saml-providers/signet-" + slug, metadata, "application/xml")
                    .statusCode()).isEqualTo(201);
        }
        var policies = setup.get("trustPolicies").properties().iterator();
        while (policies.hasNext()) {
            var e = policies.next();
            String arn = e.getKey();
            String account = arn.split(":")[4];
            String role = arn.substring(arn.lastIndexOf('/') + 1);
            HttpResponse<String> put = emulator("PUT", "/emulator/accounts/" + account + "/roles/" + role,
                    "{\"trustPolicy\":" + e.getValue().asText() + ",\"maxSessionDuration\":7200}", "application/json");
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
        }
        assertThat(server.api().post("/applications/" + id + "/aws/iam-metadata", "{}").status()).isEqualTo(200);
        return id;
    }

    private static String slug() {
        return "e2e" + SLUGS.incrementAndGet();
    }

    private static HttpResponse<String> emulator(String method, String path, String body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(aws.baseUrl() + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the user's browser would post to AWS after clicking the tile. */
    private static Map<String, String> portalClick(String username, String slug) {
        WebClient browser = server.client();
        browser.login(username, PASSWORD);
        HttpResponse<String> page = browser.get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(SamlTestKit.formAction(page.body())).isEqualTo("https://signin.aws.amazon.com/saml");
        return SamlTestKit.formFields(page.body());
    }

    /** Posts the form to the emulator's console sign-in, as the browser posts it to AWS. */
    private static Answer signIn(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(aws.signinEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    record Answer(int status, JsonNode body) {
    }

    private static JsonNode preflight(String appId, String user) {
        Response r = server.api().post("/applications/" + appId + "/aws/preflight", JsonBodies.json("userId", user));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static String rule(JsonNode report, String id) {
        for (JsonNode r : report.get("results")) {
            if (r.get("id").asText().equals(id)) {
                return r.get("status").asText();
            }
        }
        return null;
    }

    @Test
    void a_user_with_two_roles_chooses_one_a_user_with_one_goes_straight_in_and_one_without_gets_a_page() throws Exception {
        String slug = slug();
        String id = awsApplication(slug);
        JsonNode report = preflight(id, frank);
        assertThat(report.get("worst").asText()).as(report.toString()).isEqualTo("pass");

        Map<String, String> frankForm = portalClick("frank", slug);
        Answer choice = signIn(frankForm);
        assertThat(choice.status()).as(choice.body().toString()).isEqualTo(200);
        assertThat(choice.body().get("outcome").asText()).isEqualTo("choose-role");
        assertThat(choice.body().get("roles").findValuesAsText("roleArn")).containsExactlyInAnyOrder(
                "arn:aws:iam::" + DEV_ACCOUNT + ":role/Developer", "arn:aws:iam::" + OPS_ACCOUNT + ":role/Operator");
        Map<String, String> second = new LinkedHashMap<>(frankForm);
        second.put("roleIndex", "arn:aws:iam::" + OPS_ACCOUNT + ":role/Operator");
        Answer in = signIn(second);
        assertThat(in.body().get("outcome").asText()).as(in.body().toString()).isEqualTo("signed-in");
        assertThat(in.body().get("account").asText()).isEqualTo(OPS_ACCOUNT);
        assertThat(in.body().get("sessionName").asText()).isEqualTo("frank");
        assertThat(in.body().get("sessionDurationSeconds").asInt()).isEqualTo(7200);

        Answer erinIn = signIn(portalClick("erin", slug));
        assertThat(erinIn.body().get("outcome").asText()).as(erinIn.body().toString()).isEqualTo("signed-in");
        assertThat(erinIn.body().get("roleArn").asText()).isEqualTo("arn:aws:iam::" + DEV_ACCOUNT + ":role/Developer");
        assertThat(erinIn.body().get("destination").asText()).isEqualTo("https://console.aws.amazon.com/s3/home");

        WebClient lonely = server.client();
        lonely.login("gina", PASSWORD);
        HttpResponse<String> page = lonely.get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("No AWS role").doesNotContain("SAMLResponse");
    }

    @Test
    void the_aws_sdk_gets_credentials_for_signets_assertion_and_refuses_a_tampered_one() throws Exception {
        String slug = slug();
        awsApplication(slug);
        String assertion = portalClick("erin", slug).get("SAMLResponse");
        try (StsClient sts = StsClient.builder().endpointOverride(URI.create(aws.baseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create()).build()) {
            AssumeRoleWithSamlResponse ok = sts.assumeRoleWithSAML(b -> b.roleArn("arn:aws:iam::" + DEV_ACCOUNT + ":role/Developer")
                    .principalArn("arn:aws:iam::" + DEV_ACCOUNT + ":saml-provider/signet-" + slug).samlAssertion(assertion));
            assertThat(ok.credentials().accessKeyId()).isNotBlank();
            assertThat(ok.credentials().sessionToken()).isNotBlank();
            assertThat(ok.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + DEV_ACCOUNT + ":assumed-role/Developer/erin");
            assertThat(ok.subjectType()).isEqualTo("persistent");

            String xml = new String(Base64.getDecoder().decode(assertion), StandardCharsets.UTF_8);
            String tampered = Base64.getEncoder().encodeToString(xml.replace(">erin<", ">root<").getBytes(StandardCharsets.UTF_8));
            assertThat(tampered).isNotEqualTo(assertion);
            assertThatThrownBy(() -> sts.assumeRoleWithSAML(b -> b.roleArn("arn:aws:iam::" + DEV_ACCOUNT + ":role/Developer")
                    .principalArn("arn:aws:iam::" + DEV_ACCOUNT + ":saml-provider/signet-" + slug).samlAssertion(tampered)))
                    .isInstanceOf(InvalidIdentityTokenException.class)
                    .satisfies(e -> assertThat(((InvalidIdentityTokenException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidIdentityToken"));
        }
    }

    @Test
    void a_wrong_audience_is_reported_by_the_preflight_and_refused_by_aws() throws Exception {
        String slug = slug();
        String id = awsApplication(slug);
        server.api().patch("/applications/" + id + "/saml", JsonBodies.json("spEntityId", "urn:amazon:webservice"));
        assertThat(rule(preflight(id, erin), "audience")).isEqualTo("fail");
        Answer refused = signIn(portalClick("erin", slug));
        assertThat(refused.status()).isGreaterThanOrEqualTo(400);
        assertThat(refused.body().get("outcome").asText()).isEqualTo("error");
        assertThat(refused.body().toString()).containsIgnoringCase("audience");
    }

    @Test
    void a_role_session_name_with_a_space_is_reported_and_refused() throws Exception {
        String slug = slug();
        String id = awsApplication(slug);
        Response mapping = server.api().post("/property-mappings", JsonBodies.json("name", "display-as-session-" + slug,
                "samlName", "https://aws.amazon.com/SAML/Attributes/RoleSessionName", "expression", "user.name"));
        assertThat(mapping.status()).isEqualTo(201);
        server.api().patch("/applications/" + id + "/saml", "{\"propertyMappings\":[\"aws-role\",\"display-as-session-" + slug
                + "\",\"aws-session-duration\"]}");
        assertThat(rule(preflight(id, erin), "role-session-name")).isEqualTo("fail");
        Answer refused = signIn(portalClick("erin", slug));
        assertThat(refused.body().get("code").asText()).isEqualTo("InvalidIdentityToken");
        assertThat(refused.body().get("message").asText()).isEqualTo("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
    }

    @Test
    void an_expired_assertion_is_reported_and_refused() throws Exception {
        String slug = slug();
        awsApplication(slug);
        Map<String, String> form = portalClick("erin", slug);
        // Held for 10 minutes (a stalled browser, or a clock that is wrong) before it reaches AWS.
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), java.time.ZoneOffset.UTC);
        String metadata = server.client().get("/application/saml/" + slug + "/metadata").body();
        PreflightReport report = new AwsPreflight(later).check(new PreflightInput(form.get("SAMLResponse"),
                "https://signin.aws.amazon.com/saml", metadata, metadata, Set.of(), true));
        assertThat(report.result("time-window").orElseThrow().status()).isEqualTo(Status.FAIL);
        awsClock.advance(Duration.ofMinutes(10));
        try {
            Answer refused = signIn(form);
            assertThat(refused.body().get("code").asText()).isEqualTo("ExpiredTokenException");
            assertThat(refused.body().get("message").asText()).isEqualTo("Response has expired");
        } finally {
            awsClock.advance(Duration.ofMinutes(-10));
        }
    }

    @Test
    void an_issuer_that_is_not_in_the_uploaded_metadata_is_reported_and_refused() throws Exception {
        String slug = slug();
        String id = awsApplication(slug);
        server.api().patch("/applications/" + id + "/saml", JsonBodies.json("issuer", "https://idp.example.com/renamed"));
        assertThat(rule(preflight(id, erin), "issuer")).isEqualTo("fail");
        Answer refused = signIn(portalClick("erin", slug));
        assertThat(refused.body().get("message").asText()).isEqualTo("Issuer not present in specified provider");
    }

    @Test
    void a_certificate_rotated_in_signet_but_not_in_aws_is_reported_and_refused() throws Exception {
        String slug = slug();
        String id = awsApplication(slug);
        String keypair = server.api().post("/keypairs", JsonBodies.json("name", "next-" + slug, "keyType", "rsa-2048")).json()
                .get("id").asText();
        server.api().patch("/applications/" + id + "/saml", JsonBodies.json("keypairId", keypair));
        JsonNode report = preflight(id, erin);
        assertThat(rule(report, "certificate-in-iam-metadata")).isEqualTo("fail");
        assertThat(report.toString()).contains("update-saml-provider");
        Answer refused = signIn(portalClick("erin", slug));
        assertThat(refused.body().get("code").asText()).isEqualTo("InvalidIdentityToken");
        assertThat(refused.body().get("message").asText()).isEqualTo("Response signature invalid");
    }
}
