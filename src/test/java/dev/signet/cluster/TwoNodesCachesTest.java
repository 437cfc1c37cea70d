package dev.signet.cluster;

import static dev.signet.cluster.ClusterNodes.PASSWORD;
import static dev.signet.cluster.ClusterNodes.sessionMovedTo;
import static dev.signet.cluster.ClusterNodes.signedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.aws.AwsApplicationService;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.saml.SamlStatus;
import dev.signet.saml.SamlTestKit;
import dev.signet.settings.RuntimeSettings;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What each node caches (docs/postgresql.md, "What each node caches"): a change made on node A is in
 * force on A at once and on node B within the cache's documented bound; what is read from the database
 * on every request (sessions, the user) is refused on B at once. Each test first has B read (and so
 * cache) the old value, then changes it on A and polls B. The bounds are real time (the nodes' shared
 * clock is moved along with it while B is polled), so these tests wait.
 */
class TwoNodesCachesTest {
    /** SamlProviderService.CACHE_TTL: how long a node reuses an application's provider, its keypair choice included. */
    private static final Duration PROVIDER_CACHE_BOUND = Duration.ofSeconds(2);
    private static final String SESSION_DURATION = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
    private static final String THIRTEEN_CHARS = "thirteen char";
    private static final Pattern SETTINGS_INPUT = Pattern.compile("<input id=\"(\\w+)\" name=\"\\1\" type=\"[a-z-]+\" value=\"([^\"]*)\"");

    private ClusterNodes nodes;
    private TestSignet a;
    private TestSignet b;
    private String alice;

    @BeforeEach
    void startTwoNodes() throws Exception {
        nodes = ClusterNodes.start();
        a = nodes.a;
        b = nodes.b;
        alice = a.api().createUser("alice", PASSWORD);
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    @Test
    void aws_settings_changed_on_one_node_reach_the_others_responses_within_two_seconds() {
        String developers = a.api().createGroup("developers");
        a.api().addMember(developers, alice);
        ApiClient.Response created = a.api().post("/aws/applications", "{\"slug\":\"aws\",\"name\":\"AWS\",\"sessionDuration\":7200,"
                + "\"roles\":[{\"group\":\"developers\",\"account\":\"111122223333\",\"role\":\"Developer\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String app = created.json().get("applicationId").asText();
        WebClient onA = signedIn(a, "alice");
        WebClient onB = sessionMovedTo(b, onA);
        assertThat(sessionDuration(onB)).as("B's cached value before the change").isEqualTo("7200");

        ApiClient.Response changed = a.api().patch("/applications/" + app + "/aws", "{\"sessionDuration\":3600}");
        long changedAt = System.nanoTime();
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        assertThat(sessionDuration(onA)).as("on A at once").isEqualTo("3600");
        nodes.awaitOnB(changedAt, AwsApplicationService.CACHE_TTL, () -> sessionDuration(onB), "3600");
    }

    @Test
    void a_property_mapping_changed_on_one_node_reaches_the_others_responses_within_two_seconds() {
        ApiClient.Response mapping = a.api().post("/property-mappings", JsonBodies.json("name", "team", "samlName", "team",
                "expression", "\"blue\""));
        assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
        SamlTestKit.createSamlApp(a.api(), "wiki", "{\"spEntityId\":\"" + SamlTestKit.SP + "\",\"acsUrl\":\"" + SamlTestKit.ACS
                + "\",\"propertyMappings\":[\"username\",\"team\"]}");
        WebClient onA = signedIn(a, "alice");
        WebClient onB = sessionMovedTo(b, onA);
        assertThat(team(onB)).as("B's cached value before the change").isEqualTo(List.of("blue"));

        ApiClient.Response changed = a.api().patch("/property-mappings/" + mapping.json().get("id").asText(),
                JsonBodies.json("expression", "\"green\""));
        long changedAt = System.nanoTime();
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        assertThat(team(onA)).as("on A at once").isEqualTo(List.of("green"));
        nodes.awaitOnB(changedAt, PropertyMappingService.CACHE_TTL, () -> team(onB), List.of("green"));
    }

    @Test
    void a_runtime_setting_saved_on_one_node_is_in_force_on_the_other_within_five_seconds() {
        assertThat(refusesThirteenCharacters(b)).as("B's minimum before the change: the configured 12").isFalse();
        WebClient admin = adminOn(a);
        Map<String, String> form = settingsForm(admin.get("/admin/settings").body());
        form.put("passwordMinLength", "20");

        HttpResponse<String> saved = admin.post("/admin/settings", form);
        long changedAt = System.nanoTime();
        assertThat(saved.headers().firstValue("Location")).as(saved.body()).hasValue("/admin/settings?done=saved");

        assertThat(refusesThirteenCharacters(a)).as("on A at once").isTrue();
        nodes.awaitOnB(changedAt, RuntimeSettings.STALENESS, () -> refusesThirteenCharacters(b), true);
    }

    @Test
    void a_keypair_switched_on_one_node_signs_the_others_responses_within_two_seconds() {
        String app = SamlTestKit.createSamlApp(a.api(), "crm", SamlTestKit.defaultProvider());
        String old = a.api().get("/applications/" + app + "/saml").json().get("keypairId").asText();
        String fresh = a.api().post("/keypairs", JsonBodies.json("name", "next")).json().get("id").asText();
        String oldCertificate = certificate(old);
        String freshCertificate = certificate(fresh);
        WebClient onA = signedIn(a, "alice");
        WebClient onB = sessionMovedTo(b, onA);
        assertThat(signingCertificate(onB)).as("B's cached keypair before the switch").isEqualTo(oldCertificate);

        // The rotation of docs/saml.md, in the console of A: publish the next certificate, then sign with it.
        WebClient admin = adminOn(a);
        String rotation = "/admin/certificates/rotation/" + app;
        admin.get(rotation);
        assertThat(admin.post(rotation + "/publish", Map.of("nextKeypairId", fresh)).statusCode()).isEqualTo(303);
        admin.get(rotation);
        HttpResponse<String> switched = admin.post(rotation + "/switch", Map.of());
        long changedAt = System.nanoTime();
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(303);

        assertThat(signingCertificate(onA)).as("on A at once").isEqualTo(freshCertificate);
        nodes.awaitOnB(changedAt, PROVIDER_CACHE_BOUND, () -> signingCertificate(onB), freshCertificate);
        // and what B now sends verifies, as an SP checks it, with the certificate B's metadata lists first
        Document verified = SamlTestKit.parse(SamlTestKit.decodeResponse(onB, sso(onB, "crm").body()));
        assertThat(SamlTestKit.status(verified)[0]).isEqualTo(SamlStatus.SUCCESS);

        // Step 3 and the old keypair deleted, on A: B's metadata, still listing it as the next one, drops it.
        assertThat(metadataLists(b, oldCertificate)).as("B publishes the old one beside the new one").isTrue();
        admin.get(rotation);
        assertThat(admin.post(rotation + "/retire", Map.of()).statusCode()).isEqualTo(303);
        ApiClient.Response deleted = a.api().delete("/keypairs/" + old);
        long deletedAt = System.nanoTime();
        assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
        nodes.awaitOnB(deletedAt, PROVIDER_CACHE_BOUND, () -> metadataLists(b, oldCertificate), false);
        assertThat(signingCertificate(onB)).isEqualTo(freshCertificate);
    }

    @Test
    void a_session_revoked_on_one_node_is_refused_on_the_other_at_once() {
        SamlTestKit.createSamlApp(a.api(), "mail", SamlTestKit.defaultProvider());
        WebClient onB = sessionMovedTo(b, signedIn(a, "alice"));
        assertThat(sso(onB, "mail").statusCode()).as("B answers before the revocation").isEqualTo(200);

        assertThat(a.api().delete("/users/" + alice + "/sessions").status()).isIn(200, 204);

        assertSentToSignIn(sso(onB, "mail"));
        assertThat(onB.get("/").statusCode()).as("the portal on B").isEqualTo(302);
    }

    @Test
    void a_user_deactivated_on_one_node_is_refused_on_the_other_at_once() {
        SamlTestKit.createSamlApp(a.api(), "mail", SamlTestKit.defaultProvider());
        WebClient onB = sessionMovedTo(b, signedIn(a, "alice"));
        assertThat(sso(onB, "mail").statusCode()).as("B answers before the deactivation").isEqualTo(200);

        ApiClient.Response deactivated = a.api().patch("/users/" + alice, "{\"active\":false}");
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);

        assertSentToSignIn(sso(onB, "mail"));
        assertThat(b.client().login("alice", PASSWORD).statusCode()).as("signing in again on B").isEqualTo(401);
    }

    /** A browser signed in to the console of {@code node} as the bootstrap administrator. */
    private static WebClient adminOn(TestSignet node) {
        WebClient browser = node.client();
        assertThat(browser.login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    private static HttpResponse<String> sso(WebClient browser, String slug) {
        return browser.get("/application/saml/" + slug + "/sso/binding/init");
    }

    private static void assertSentToSignIn(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login?"));
        assertThat(SamlTestKit.formFields(page.body())).doesNotContainKey("SAMLResponse");
    }

    /**
     * The SAML response of an IdP-initiated sign-in, decoded but not verified: polls read many; the
     * tests verify the last one as an SP would (SamlTestKit.decodeResponse, with xmlsec1).
     */
    private static Document response(WebClient browser, String slug) {
        HttpResponse<String> page = sso(browser, slug);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String value = SamlTestKit.formFields(page.body()).get("SAMLResponse");
        assertThat(value).as(page.body()).isNotNull();
        return SamlTestKit.parse(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
    }

    private static String sessionDuration(WebClient browser) {
        List<String> values = SamlTestKit.attributeValues(response(browser, "aws"), SESSION_DURATION);
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private static List<String> team(WebClient browser) {
        return SamlTestKit.attributeValues(response(browser, "wiki"), "team");
    }

    /** The certificate in the KeyInfo of the response's signature (base64 DER, no whitespace). */
    private static String signingCertificate(WebClient browser) {
        Element certificate = SamlTestKit.find(response(browser, "crm"), "X509Certificate");
        assertThat(certificate).isNotNull();
        return certificate.getTextContent().replaceAll("\\s", "");
    }

    /** Whether the node's metadata for "crm" lists the certificate; fails on anything but the metadata. */
    private static boolean metadataLists(TestSignet node, String certificate) {
        HttpResponse<String> metadata = node.client().get("/application/saml/crm/metadata");
        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
        return metadata.body().replaceAll("\\s|&#13;", "").contains(certificate);
    }

    /** A stored keypair's certificate as {@link #signingCertificate} gives it. */
    private String certificate(String keypairId) {
        return a.api().get("/keypairs/" + keypairId).json().get("certificatePem").asText()
                .replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "").replaceAll("\\s", "");
    }

    /**
     * Whether the node's password policy refuses a 13-character password, asked without changing
     * anything: the username is blank, so the user is refused either way, with or without a password error.
     */
    private static boolean refusesThirteenCharacters(TestSignet node) {
        ApiClient.Response r = node.api().post("/users", JsonBodies.json("username", "", "password", THIRTEEN_CHARS));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorFields()).contains("username");
        return r.errorFields().contains("password");
    }

    /** The settings form's fields as the page shows them. */
    private static Map<String, String> settingsForm(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SETTINGS_INPUT.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        assertThat(out).containsKey("passwordMinLength");
        return out;
    }
}
