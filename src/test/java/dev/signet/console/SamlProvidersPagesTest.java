package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /admin/saml-providers and /admin/applications/{id}/saml: every setting saved from the form, refusals
 * next to the field with nothing stored, SP metadata import by paste, upload and URL, the IdP metadata.
 */
class SamlProvidersPagesTest {
    private static final AtomicInteger APPS = new AtomicInteger();
    private static final String WIKI_SP = "https://wiki.example.com/saml/metadata";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    private WebClient web;

    @BeforeEach
    void signIn() {
        web = ConsolePages.signedInAdmin(server);
    }

    @Test
    void the_form_creates_a_provider_with_every_setting_and_the_mappings_in_the_order_ticked() {
        String id = newApplication();
        Map<String, String> mappings = mappingIds();
        HttpResponse<String> page = web.get(path(id));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Not configured yet").contains("value=\"rsa-sha256\" selected");

        List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(
                Map.entry("spEntityId", "https://sp.example.com/entity"), Map.entry("acsUrl", "https://sp.example.com/acs"),
                Map.entry("additionalAcsUrls", "https://sp.example.com/acs2\n\nhttps://sp.example.com/acs3"),
                Map.entry("acsBinding", "redirect"), Map.entry("issuer", "https://idp.example.com/custom"),
                Map.entry("keypairId", defaultKeypairId()), Map.entry("signAssertion", "true"),
                Map.entry("signatureAlgorithm", "rsa-sha384"), Map.entry("digestAlgorithm", "sha512"),
                Map.entry("nameIdFormat", "email"), Map.entry("notBeforeSkewSeconds", "30"),
                Map.entry("assertionValiditySeconds", "120"), Map.entry("sessionValiditySeconds", "3600"),
                Map.entry("defaultRelayState", "/home"), Map.entry("spCertificate", ""),
                Map.entry("sloUrl", "https://sp.example.com/slo"), Map.entry("sloBinding", "post"),
                Map.entry("propertyMappings", mappings.get("groups")), Map.entry("propertyMappings", mappings.get("email")),
                Map.entry("nameIdMapping", mappings.get("username"))));
        HttpResponse<String> r = web.postRaw(path(id), FormBody.of(fields, web.csrf()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue(path(id) + "?done=saved");
        JsonNode p = server.api().get("/applications/" + id + "/saml").json();
        assertThat(p.get("spEntityId").asText()).isEqualTo("https://sp.example.com/entity");
        assertThat(p.get("acsUrls")).extracting(JsonNode::asText)
                .containsExactly("https://sp.example.com/acs", "https://sp.example.com/acs2", "https://sp.example.com/acs3");
        assertThat(p.get("acsBinding").asText()).isEqualTo("redirect");
        assertThat(p.get("issuer").asText()).isEqualTo("https://idp.example.com/custom");
        assertThat(p.get("signAssertion").asBoolean()).isTrue();
        assertThat(p.get("signResponse").asBoolean()).isFalse();
        assertThat(p.get("signatureAlgorithm").asText()).isEqualTo("rsa-sha384");
        assertThat(p.get("digestAlgorithm").asText()).isEqualTo("sha512");
        assertThat(p.get("nameIdFormat").asText()).isEqualTo("email");
        assertThat(p.get("notBeforeSkewSeconds").asInt()).isEqualTo(30);
        assertThat(p.get("assertionValiditySeconds").asInt()).isEqualTo(120);
        assertThat(p.get("sessionValiditySeconds").asInt()).isEqualTo(3600);
        assertThat(p.get("defaultRelayState").asText()).isEqualTo("/home");
        assertThat(p.get("requireSignedRequests").asBoolean()).isFalse();
        assertThat(p.get("sloUrl").asText()).isEqualTo("https://sp.example.com/slo");
        assertThat(p.get("sloBinding").asText()).isEqualTo("post");
        assertThat(p.get("propertyMappings")).extracting(JsonNode::asText).containsExactly("groups", "email");
        assertThat(p.get("nameIdMapping").asText()).isEqualTo("username");

        String shown = web.get(path(id) + "?done=saved").body();
        assertThat(shown).contains("SAML provider saved.");
        assertThat(shown.indexOf("id=\"propertyMappings-" + mappings.get("groups") + "\""))
                .isLessThan(shown.indexOf("id=\"propertyMappings-" + mappings.get("email") + "\""))
                .isLessThan(shown.indexOf("id=\"propertyMappings-" + mappings.get("name") + "\""));
    }

    @Test
    void a_bad_acs_url_is_refused_next_to_the_field_and_nothing_is_stored() {
        String id = newApplication();
        web.get(path(id));

        HttpResponse<String> r = web.post(path(id), Map.of("spEntityId", "https://sp.example.com", "acsUrl", "ftp://sp.example.com/acs",
                "signAssertion", "true", "signResponse", "true"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fieldError(r.body(), "acsUrl")).isNotEmpty();
        assertThat(r.body()).contains("aria-describedby=\"acsUrl-error\"").contains("value=\"ftp://sp.example.com/acs\"");
        HttpResponse<String> notANumber = web.post(path(id), Map.of("spEntityId", "https://sp.example.com",
                "acsUrl", "https://sp.example.com/acs", "notBeforeSkewSeconds", "ten", "signAssertion", "true"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(fieldError(notANumber.body(), "notBeforeSkewSeconds")).isEqualTo("Must be a whole number.");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);

        web.post(path(id), Map.of("spEntityId", "https://sp.example.com", "acsUrl", "https://sp.example.com/acs",
                "signAssertion", "true", "signResponse", "true"));
        HttpResponse<String> again = web.post(path(id), Map.of("spEntityId", "https://changed.example.com", "acsUrl", "not a url",
                "signAssertion", "true"));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("id=\"acsUrl-error\"");
        JsonNode stored = server.api().get("/applications/" + id + "/saml").json();
        assertThat(stored.get("spEntityId").asText()).isEqualTo("https://sp.example.com");
        assertThat(stored.get("acsUrls").get(0).asText()).isEqualTo("https://sp.example.com/acs");
    }

    @Test
    void a_property_mapping_deleted_meanwhile_is_reported_on_the_mapping_group_and_nothing_is_stored() {
        String id = newApplication();
        web.get(path(id));

        HttpResponse<String> r = web.post(path(id), Map.of("spEntityId", "https://sp.example.com", "acsUrl", "https://sp.example.com/acs",
                "signAssertion", "true", "propertyMappings", "00000000-0000-0000-0000-00000000abcd"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fieldError(r.body(), "propertyMappings")).contains("No property mapping has the ID or name");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);
    }

    @Test
    void saving_the_form_keeps_the_next_certificate_of_a_rotation() {
        String id = newApplication();
        ApiClient.Response next = server.api().post("/keypairs", JsonBodies.json("name", "next-" + id, "keyType", "rsa-2048"));
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        String nextId = next.json().get("id").asText();
        assertThat(server.api().put("/applications/" + id + "/saml", JsonBodies.json("spEntityId", "https://r.example.com",
                "acsUrl", "https://r.example.com/acs", "nextKeypairId", nextId)).status()).isEqualTo(201);
        assertThat(web.get(path(id)).body()).contains("next-" + id);

        HttpResponse<String> r = web.post(path(id), Map.of("spEntityId", "https://r.example.com", "acsUrl", "https://r.example.com/acs",
                "keypairId", defaultKeypairId(), "signAssertion", "true", "signResponse", "true", "nameIdFormat", "transient"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        JsonNode stored = server.api().get("/applications/" + id + "/saml").json();
        assertThat(stored.get("nameIdFormat").asText()).isEqualTo("transient");
        assertThat(stored.get("nextKeypairId").asText()).isEqualTo(nextId);
    }

    @Test
    void pasted_metadata_configures_the_provider() throws IOException {
        String id = newApplication();
        web.get(path(id));

        HttpResponse<String> r = web.post(path(id) + "/import", Map.of("source", "paste", "metadata", fixture("keycloak-client.xml")));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue(path(id) + "?done=imported");
        JsonNode p = server.api().get("/applications/" + id + "/saml").json();
        assertThat(p.get("spEntityId").asText()).isEqualTo(WIKI_SP);
        assertThat(p.get("acsUrls").get(0).asText()).isEqualTo("https://wiki.example.com/saml/acs");
        assertThat(p.get("requireSignedRequests").asBoolean()).isTrue();
        assertThat(web.get(path(id) + "?done=imported").body()).contains("Settings imported").contains("value=\"" + WIKI_SP + "\"");
    }

    @Test
    void bad_metadata_is_refused_saying_why_next_to_the_paste_field_and_changes_nothing() throws IOException {
        String id = newApplication();
        web.get(path(id));
        Map<String, String> reasons = Map.of("doctype.xml", "DTD", "idp-only.xml", "SPSSODescriptor",
                "artifact-acs-only.xml", "AssertionConsumerService");
        for (Map.Entry<String, String> c : reasons.entrySet()) {
            HttpResponse<String> r = web.post(path(id) + "/import", Map.of("source", "paste", "metadata", fixture(c.getKey())));
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(fieldError(r.body(), "metadata")).as(c.getKey()).contains(c.getValue());
        }
        HttpResponse<String> notXml = web.post(path(id) + "/import", Map.of("source", "paste", "metadata", "<not xml"));
        assertThat(fieldError(notXml.body(), "metadata")).contains("not well-formed XML");
        assertThat(notXml.body()).doesNotContain("Exception").contains("&lt;not xml</textarea>");
        HttpResponse<String> empty = web.post(path(id) + "/import", Map.of("source", "paste", "metadata", " "));
        assertThat(fieldError(empty.body(), "metadata")).contains("Paste");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);
    }

    @Test
    void metadata_with_several_service_providers_lets_the_administrator_choose_one() throws IOException {
        String id = newApplication();
        web.get(path(id));

        HttpResponse<String> choose = web.post(path(id) + "/import", Map.of("source", "paste", "metadata", fixture("two-sps.xml")));

        assertThat(choose.statusCode()).isEqualTo(200);
        assertThat(choose.body()).contains("Choose the service provider").contains("value=\"https://grafana.example.org/saml/metadata\"")
                .contains("value=\"https://sp.partner.example.net/shibboleth\"");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);

        HttpResponse<String> r = web.post(path(id) + "/import", Map.of("source", "paste", "metadata", fixture("two-sps.xml"),
                "entityId", "https://sp.partner.example.net/shibboleth"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(server.api().get("/applications/" + id + "/saml").json().get("spEntityId").asText())
                .isEqualTo("https://sp.partner.example.net/shibboleth");
    }

    @Test
    void an_uploaded_metadata_file_configures_the_provider_and_a_bad_one_is_refused_next_to_the_file_input() throws IOException {
        String id = newApplication();
        web.get(path(id));

        HttpResponse<String> bad = upload(id, "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(fieldError(bad.body(), "metadataFile")).contains("SPSSODescriptor");
        assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);

        HttpResponse<String> r = upload(id, fixture("keycloak-client.xml"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(server.api().get("/applications/" + id + "/saml").json().get("spEntityId").asText()).isEqualTo(WIKI_SP);
    }

    @Test
    void metadata_fetched_from_a_loopback_url_configures_the_provider_and_plain_http_elsewhere_is_refused() throws IOException {
        String id = newApplication();
        byte[] xml = fixture("keycloak-client.xml").getBytes(StandardCharsets.UTF_8);
        HttpServer sp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sp.createContext("/metadata", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, xml.length);
            exchange.getResponseBody().write(xml);
            exchange.close();
        });
        sp.start();
        try {
            web.get(path(id));
            HttpResponse<String> refused = web.post(path(id) + "/import", Map.of("source", "url", "url", "http://sp.example.com/metadata"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(fieldError(refused.body(), "url")).contains("https");
            assertThat(refused.body()).contains("value=\"http://sp.example.com/metadata\"");
            HttpResponse<String> missing = web.post(path(id) + "/import", Map.of("source", "url",
                    "url", "http://127.0.0.1:" + sp.getAddress().getPort() + "/nothing"));
            assertThat(fieldError(missing.body(), "url")).contains("HTTP 404");
            assertThat(server.api().get("/applications/" + id + "/saml").status()).isEqualTo(404);

            HttpResponse<String> r = web.post(path(id) + "/import", Map.of("source", "url",
                    "url", "http://127.0.0.1:" + sp.getAddress().getPort() + "/metadata"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
            assertThat(server.api().get("/applications/" + id + "/saml").json().get("spEntityId").asText()).isEqualTo(WIKI_SP);
        } finally {
            sp.stop(0);
        }
    }

    @Test
    void the_provider_page_shows_the_idp_metadata_and_its_download_link_serves_the_xml() {
        String id = newApplication();
        String slug = server.api().get("/applications/" + id).json().get("slug").asText();
        assertThat(server.api().put("/applications/" + id + "/saml", JsonBodies.json("spEntityId", "https://m.example.com",
                "acsUrl", "https://m.example.com/acs")).status()).isEqualTo(201);

        String page = web.get(path(id)).body();
        String download = "/application/saml/" + slug + "/metadata?download";
        assertThat(page).contains("<pre id=\"idp-metadata\"").contains("&lt;md:EntityDescriptor")
                .contains("data-copy=\"idp-metadata\"").contains("href=\"" + download + "\"")
                .contains(server.baseUrl() + "/application/saml/" + slug + "/metadata");

        HttpResponse<String> file = web.get(download);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + slug + "-metadata.xml\"");
        assertThat(file.body()).contains("<md:EntityDescriptor").contains("entityID=\"" + server.baseUrl() + "/application/saml/" + slug + "/\"");
    }

    @Test
    void the_list_shows_providers_and_offers_applications_without_one_and_deleting_asks_first() {
        String with = newApplication();
        String without = newApplication();
        assertThat(server.api().put("/applications/" + with + "/saml", JsonBodies.json("spEntityId", "https://listed.example.com",
                "acsUrl", "https://listed.example.com/acs")).status()).isEqualTo(201);

        String list = web.get("/admin/saml-providers").body();
        assertThat(list).contains("https://listed.example.com/acs").contains("href=\"" + path(with) + "\"")
                .contains("<option value=\"" + without + "\"").doesNotContain("<option value=\"" + with + "\"");
        HttpResponse<String> add = web.get("/admin/saml-providers/new?application=" + without);
        assertThat(add.statusCode()).isEqualTo(303);
        assertThat(add.headers().firstValue("Location")).hasValue(path(without));

        HttpResponse<String> confirm = web.get(path(with) + "/delete");
        assertThat(confirm.body()).contains("The application itself stays.");
        assertThat(server.api().get("/applications/" + with + "/saml").status()).isEqualTo(200);
        HttpResponse<String> r = web.post(path(with) + "/delete", Map.of());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/saml-providers?done=deleted");
        assertThat(server.api().get("/applications/" + with + "/saml").status()).isEqualTo(404);
        assertThat(server.api().get("/applications/" + with).status()).isEqualTo(200);
    }

    private static String path(String applicationId) {
        return "/admin/applications/" + applicationId + "/saml";
    }

    private static String newApplication() {
        ApiClient.Response r = server.api().post("/applications", JsonBodies.json("slug", "sp" + APPS.incrementAndGet(),
                "name", "SP " + APPS.get(), "accessMode", "all"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String defaultKeypairId() {
        return server.api().get("/keypairs").json().get("items").get(0).get("id").asText();
    }

    /** Property mapping IDs by name. */
    private static Map<String, String> mappingIds() {
        Map<String, String> ids = new HashMap<>();
        server.api().get("/property-mappings?limit=500").json().get("items")
                .forEach(m -> ids.put(m.get("name").asText(), m.get("id").asText()));
        return ids;
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SamlProvidersPagesTest.class.getResourceAsStream("/sp-metadata/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The message shown next to a field, or "" when there is none. */
    private static String fieldError(String html, String field) {
        String start = "<p class=\"field-error\" id=\"" + field + "-error\">";
        int i = html.indexOf(start);
        return i < 0 ? "" : html.substring(i + start.length(), html.indexOf("</p>", i));
    }

    /** Posts the upload form (multipart) with the CSRF token of the last page. */
    private HttpResponse<String> upload(String applicationId, String xml) {
        String boundary = "----signet-test-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + web.csrf() + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nupload\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadataFile\"; filename=\"sp-metadata.xml\"\r\n"
                + "Content-Type: application/xml\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(xml.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return web.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path(applicationId) + "/import"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
    }
}
