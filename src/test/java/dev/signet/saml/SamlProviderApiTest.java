package dev.signet.saml;

import static dev.signet.saml.SamlTestKit.ACS;
import static dev.signet.saml.SamlTestKit.SP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SAML provider admin API, SP metadata import, keypair use, and the IdP metadata endpoint. */
class SamlProviderApiTest {
    private static final AtomicInteger APPS = new AtomicInteger();

    @RegisterExtension
    static final SignetServer server = SignetServer.withDefaults();

    private static String newApplication() {
        Response app = server.api().post("/applications", JsonBodies.json("slug", "p" + APPS.incrementAndGet(), "name", "P",
                "accessMode", "all"));
        return app.json().get("id").asText();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SamlProviderApiTest.class.getResourceAsStream("/sp-metadata/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void defaults_follow_the_issue_and_endpoints_are_listed() {
        String id = newApplication();
        Response r = server.api().put("/applications/" + id + "/saml", JsonBodies.json("spEntityId", SP, "acsUrl", ACS));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode p = r.json();
        assertThat(p.get("acsBinding").asText()).isEqualTo("post");
        assertThat(p.get("signAssertion").asBoolean()).isTrue();
        assertThat(p.get("signResponse").asBoolean()).isTrue();
        assertThat(p.get("signatureAlgorithm").asText()).isEqualTo("rsa-sha256");
        assertThat(p.get("digestAlgorithm").asText()).isEqualTo("sha256");
        assertThat(p.get("nameIdFormat").asText()).isEqualTo("persistent");
        assertThat(p.get("notBeforeSkewSeconds").asInt()).isEqualTo(60);
        assertThat(p.get("assertionValiditySeconds").asInt()).isEqualTo(300);
        assertThat(p.get("sessionValiditySeconds").asInt()).isEqualTo(28800);
        String slug = server.api().get("/applications/" + id).json().get("slug").asText();
        assertThat(p.get("endpoints").get("entityId").asText()).isEqualTo(server.baseUrl() + "/application/saml/" + slug + "/");
        assertThat(p.get("endpoints").get("ssoInitiate").asText()).endsWith("/application/saml/" + slug + "/sso/binding/init");
        assertThat(p.get("keypairId").asText()).isEqualTo(server.api().get("/keypairs").json().get("items").get(0).get("id").asText());

        Response patched = server.api().patch("/applications/" + id + "/saml", "{\"signResponse\":false,\"nameIdFormat\":\"email\"}");
        assertThat(patched.json().get("signResponse").asBoolean()).isFalse();
        assertThat(patched.json().get("acsUrls").get(0).asText()).isEqualTo(ACS);
        assertThat(server.api().get("/applications/" + id + "/saml").json().get("nameIdFormat").asText()).isEqualTo("email");
    }

    @Test
    void invalid_settings_are_all_reported_and_nothing_is_stored() {
        String id = newApplication();
        Response r = server.api().put("/applications/" + id + "/saml", "{\"acsUrl\":\"ftp://x\",\"digestAlgorithm\":\"sha1\","
                + "\"acsBinding\":\"artifact\",\"defaultRelayState\":\"" + "r".repeat(81) + "\",\"requireSignedRequests\":true,"
                + "\"signatureAlgorithm\":\"ecdsa-sha256\",\"signAssertion\":false,\"signResponse\":false,"
                + "\"propertyMappings\":[\"email\",\"no-such-mapping\"],\"nameIdMapping\":\"nor-this-one\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).contains("spEntityId", "acsUrl", "digestAlgorithm", "acsBinding", "defaultRelayState",
                "requireSignedRequests", "signatureAlgorithm", "signAssertion", "propertyMappings[1]", "nameIdMapping");
        assertThat(r.body()).contains("SHA-1");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);
        Response unknown = server.api().put("/applications/" + id + "/saml", "{\"spEntityId\":\"x\",\"acsUrl\":\"" + ACS + "\",\"bogus\":1}");
        assertThat(unknown.errorFields()).containsExactly("bogus");
    }

    @Test
    void sp_metadata_import_fills_the_provider() throws IOException {
        String id = newApplication();
        Response r = server.api().post("/applications/" + id + "/saml/import-metadata", JsonBodies.json("metadata",
                fixture("keycloak-client.xml")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode p = r.json();
        assertThat(p.get("spEntityId").asText()).isEqualTo("https://wiki.example.com/saml/metadata");
        assertThat(p.get("acsUrls").get(0).asText()).isEqualTo("https://wiki.example.com/saml/acs");
        assertThat(p.get("acsUrls").toString()).contains("https://wiki.example.com/saml/acs/redirect").doesNotContain("artifact");
        assertThat(p.get("spCertificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(p.get("requireSignedRequests").asBoolean()).isTrue();
        assertThat(p.get("nameIdFormat").asText()).isEqualTo("email");
        assertThat(p.get("sloUrl").asText()).isEqualTo("https://wiki.example.com/saml/slo/redirect");
        assertThat(p.get("sloBinding").asText()).isEqualTo("redirect");

        Response aws = server.api().post("/applications/" + newApplication() + "/saml/import-metadata",
                JsonBodies.json("metadata", fixture("aws.xml")));
        assertThat(aws.json().get("spEntityId").asText()).isEqualTo("urn:amazon:webservices");
        assertThat(aws.json().get("acsUrls").get(0).asText()).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(aws.json().get("signAssertion").asBoolean()).isTrue();
    }

    @Test
    void re_importing_metadata_never_lowers_what_it_does_not_mention() throws IOException {
        String id = newApplication();
        String path = "/applications/" + id + "/saml/import-metadata";
        assertThat(server.api().post(path, JsonBodies.json("metadata", fixture("keycloak-client.xml"))).status()).isEqualTo(201);
        String bare = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://wiki.example.com/saml/metadata\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"https://wiki.example.com/saml/acs2\" index=\"0\"/>"
                + "</md:SPSSODescriptor></md:EntityDescriptor>";
        JsonNode p = server.api().post(path, JsonBodies.json("metadata", bare)).json();
        assertThat(p.get("acsUrls").get(0).asText()).isEqualTo("https://wiki.example.com/saml/acs2");
        assertThat(p.get("requireSignedRequests").asBoolean()).isTrue();
        assertThat(p.get("spCertificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(p.get("sloUrl").asText()).isEqualTo("https://wiki.example.com/saml/slo/redirect");
    }

    @Test
    void malformed_sp_metadata_is_refused_saying_why_and_changes_nothing() throws IOException {
        String id = newApplication();
        String path = "/applications/" + id + "/saml/import-metadata";
        assertRefused(server.api().post(path, JsonBodies.json("metadata", fixture("doctype.xml"))), "DTD");
        assertRefused(server.api().post(path, JsonBodies.json("metadata", fixture("idp-only.xml"))), "SPSSODescriptor");
        assertRefused(server.api().post(path, JsonBodies.json("metadata", fixture("artifact-acs-only.xml"))), "AssertionConsumerService");
        assertRefused(server.api().post(path, JsonBodies.json("metadata", "<not xml")), "metadata");
        Response several = server.api().post(path, JsonBodies.json("metadata", fixture("two-sps.xml")));
        assertRefused(several, "choose one");
        assertThat(several.body()).contains("https://grafana.example.org/saml/metadata");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);
        Response chosen = server.api().post(path, JsonBodies.json("metadata", fixture("two-sps.xml"),
                "entityId", "https://grafana.example.org/saml/metadata"));
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(201);
        assertThat(server.api().post(path, "{}").status()).isEqualTo(400);
        assertRefused(server.api().post(path, JsonBodies.json("url", "http://sp.example.com/metadata")), "https");
    }

    private static HttpResponse<byte[]> send(java.net.http.HttpRequest request, HttpResponse.BodyHandler<byte[]> handler) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, handler);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Response r, String text) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains(text);
    }

    @Test
    void a_keypair_in_use_cannot_be_deleted_and_rotation_lists_both_certificates() {
        ApiClient api = server.api();
        String next = api.post("/keypairs", JsonBodies.json("name", "next-" + APPS.incrementAndGet())).json().get("id").asText();
        String id = newApplication();
        String slug = api.get("/applications/" + id).json().get("slug").asText();
        api.put("/applications/" + id + "/saml", JsonBodies.json("spEntityId", SP, "acsUrl", ACS, "nextKeypairId", next));
        assertThat(api.delete("/keypairs/" + next).status()).isEqualTo(409);
        String metadata = server.client().get("/application/saml/" + slug + "/metadata").body();
        assertThat(metadata.split("<ds:X509Certificate>", -1)).hasSize(3);

        Response rotated = api.patch("/applications/" + id + "/saml", "{\"keypairId\":\"" + next + "\",\"nextKeypairId\":null}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().get("nextKeypairId").isNull()).isTrue();
        assertThat(server.client().get("/application/saml/" + slug + "/metadata").body().split("<ds:X509Certificate>", -1)).hasSize(2);
        api.delete("/applications/" + id);
        assertThat(api.delete("/keypairs/" + next).status()).isEqualTo(204);
    }

    @Test
    void idp_metadata_is_schema_valid_utf8_without_bom_and_downloadable() {
        String id = newApplication();
        String slug = server.api().get("/applications/" + id).json().get("slug").asText();
        server.api().put("/applications/" + id + "/saml", JsonBodies.json("spEntityId", SP, "acsUrl", ACS, "sloUrl",
                "https://sp.example.com/slo", "requireSignedRequests", true, "spCertificate",
                dev.signet.keys.Certificates.toPem(dev.signet.keys.Certificates.generate(dev.signet.keys.KeyType.RSA_2048, "sp",
                        java.time.Duration.ofDays(1), java.time.Instant.now()).certificate())));
        HttpResponse<byte[]> r = send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.baseUrl() + "/application/saml/" + slug + "/metadata?download")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = r.body();
        assertThat(body[0]).isEqualTo((byte) '<');
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + slug + "-metadata.xml\"");
        SamlSchema.validate(body);
        String xml = new String(body, StandardCharsets.UTF_8);
        assertThat(xml).contains("entityID=\"" + server.baseUrl() + "/application/saml/" + slug + "/\"")
                .contains("WantAuthnRequestsSigned=\"true\"").contains("use=\"signing\"")
                .contains("SingleLogoutService").contains("HTTP-Redirect\" Location=\"" + server.baseUrl() + "/application/saml/"
                        + slug + "/sso/binding/redirect\"");
        assertThat(server.client().get("/application/saml/nothing-here/metadata").statusCode()).isEqualTo(404);
    }
}
