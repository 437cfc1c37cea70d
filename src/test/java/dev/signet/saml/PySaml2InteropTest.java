package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.PySaml2Sp;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Round trips with an SAML service provider that is not ours: pysaml2, which checks the response
 * its own way and verifies signatures with xmlsec1 against the certificate in Signet's metadata.
 * The provider is configured by importing the SP's own metadata, as an admin would.
 */
class PySaml2InteropTest {
    static final String PASSWORD = "correct horse battery";
    static final String SP_ENTITY = "http://pysaml2-sp.test/metadata";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    /** An application whose provider is imported from the running SP's metadata; returns the SP. */
    private PySaml2Sp setUp(String slug, String providerExtras, boolean allowUnsolicited) throws Exception {
        ApiClient api = server.api();
        String id = SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"" + SP_ENTITY
                + "\",\"acsUrl\":\"https://placeholder.invalid/acs\",\"propertyMappings\":[\"email\",\"groups\"]"
                + providerExtras + "}");
        byte[] idpMetadata = server.client().get("/application/saml/" + slug + "/metadata").body().getBytes(StandardCharsets.UTF_8);
        PySaml2Sp sp = PySaml2Sp.start(PySaml2Sp.Options.trusting(idpMetadata).entityId(SP_ENTITY).allowUnsolicited(allowUnsolicited));
        ApiClient.Response imported = api.post("/applications/" + id + "/saml/import-metadata", JsonBodies.json("url", sp.metadataUrl()));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("acsUrls").get(0).asText()).isEqualTo(sp.acsUrl());
        return sp;
    }

    private static WebClient signedIn(String username) {
        if (server.api().get("/users?name=" + username).json().get("items").isEmpty()) {
            String user = server.api().createUser(username, PASSWORD);
            server.api().patch("/users/" + user, "{\"email\":\"" + username + "@example.com\"}");
            server.api().addMember(server.api().createGroup(username + "-team"), user);
        }
        WebClient browser = server.client();
        browser.login(username, PASSWORD);
        return browser;
    }

    /** What the browser does with the auto-post page: post the form to the SP. */
    private static JsonNode postToSp(String autoPostPage, PySaml2Sp sp) throws Exception {
        Map<String, String> fields = SamlTestKit.formFields(autoPostPage);
        assertThat(SamlTestKit.formAction(autoPostPage)).isEqualTo(sp.acsUrl());
        PySaml2Sp.Outcome outcome = sp.postToAcs(fields.get("SAMLResponse"), fields.get("RelayState"));
        assertThat(outcome.ok()).as(outcome.body() + "\n" + sp.recentOutput()).isTrue();
        return outcome.body();
    }

    @Test
    void idp_initiated_response_is_accepted_by_pysaml2() throws Exception {
        try (PySaml2Sp sp = setUp("py-idp", "", true)) {
            String page = signedIn("pia").get("/application/saml/py-idp/sso/binding/init?RelayState=" + URLEncoder.encode("/deep/link",
                    StandardCharsets.UTF_8)).body();
            JsonNode accepted = postToSp(page, sp);
            assertThat(accepted.get("issuer").asText()).isEqualTo(server.baseUrl() + "/application/saml/py-idp/");
            assertThat(accepted.get("name_id_format").asText()).isEqualTo(SamlResponseSpec.NAMEID_PERSISTENT);
            assertThat(accepted.get("name_id").asText()).matches("[0-9a-f]{40}");
            assertThat(accepted.get("attributes").get("urn:oid:0.9.2342.19200300.100.1.3").get(0).asText()).isEqualTo("pia@example.com");
            assertThat(accepted.get("attributes").get("urn:oid:1.3.6.1.4.1.5923.1.5.1.1").get(0).asText()).isEqualTo("pia-team");
            assertThat(accepted.get("relay_state").asText()).isEqualTo("/deep/link");
            assertThat(accepted.get("session_index").asText()).startsWith("_");
        }
    }

    @Test
    void aws_style_response_with_only_the_assertion_signed_is_accepted_by_pysaml2() throws Exception {
        try (PySaml2Sp sp = setUp("py-aws", ",\"signResponse\":false", true)) {
            JsonNode accepted = postToSp(signedIn("paws").get("/application/saml/py-aws/sso/binding/init").body(), sp);
            assertThat(accepted.get("attributes").get("urn:oid:0.9.2342.19200300.100.1.3").get(0).asText()).isEqualTo("paws@example.com");
        }
    }

    @Test
    void sp_initiated_login_with_the_redirect_binding_round_trips_through_pysaml2() throws Exception {
        try (PySaml2Sp sp = setUp("py-sp", "", false)) {
            HttpResponse<String> start = sp.login("rs1");
            assertThat(start.statusCode()).isEqualTo(302);
            String location = start.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(server.baseUrl() + "/application/saml/py-sp/sso/binding/redirect?SAMLRequest=");
            String encoded = java.net.URLDecoder.decode(location.replaceAll(".*[?&]SAMLRequest=([^&]+).*", "$1"), StandardCharsets.UTF_8);
            String requestId = XmlParser.parse(RedirectBinding.decode(encoded, 65536)).getDocumentElement().getAttribute("ID");

            HttpResponse<String> page = signedIn("psp").get(location.substring(server.baseUrl().length()));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode accepted = postToSp(page.body(), sp);
            assertThat(accepted.get("in_response_to").asText()).isEqualTo(requestId);
            assertThat(accepted.get("relay_state").asText()).isEqualTo("rs1");
        }
    }

    @Test
    void a_response_for_another_sp_is_refused_by_pysaml2() throws Exception {
        try (PySaml2Sp sp = setUp("py-neg", "", true)) {
            // Same SP endpoint, but the provider now names another audience: pysaml2 must refuse it.
            String id = server.api().get("/applications?name=py-neg").json().get("items").get(0).get("id").asText();
            server.api().patch("/applications/" + id + "/saml", "{\"spEntityId\":\"https://someone-else.example.com\"}");
            Map<String, String> fields = SamlTestKit.formFields(signedIn("pneg").get("/application/saml/py-neg/sso/binding/init").body());
            PySaml2Sp.Outcome refused = sp.postToAcs(fields.get("SAMLResponse"), null);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).contains("Audience");
        }
    }
}
