package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/certificates: generate, import, download (never the key), delete, and the three rotation steps. */
class CertificatesPagesTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    private static WebClient admin() {
        return ConsolePages.signedInAdmin(server);
    }

    private static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** The stored keypair with that name, from the admin API, or null. */
    private static JsonNode stored(String name) {
        for (JsonNode k : server.api().get("/keypairs").json().get("items")) {
            if (k.get("name").asText().equals(name)) {
                return k;
            }
        }
        return null;
    }

    private static int keypairCount() {
        return server.api().get("/keypairs").json().get("items").size();
    }

    @Test
    void a_generated_certificate_is_listed_and_downloads_as_the_certificate_alone() {
        WebClient web = admin();
        web.get("/admin/certificates/generate");
        String name = unique("Signing 2027");

        HttpResponse<String> r = web.post("/admin/certificates/generate",
                Map.of("name", name, "keyType", "ec-p256", "commonName", "idp.example.com", "validityDays", "20"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        JsonNode k = stored(name);
        assertThat(k.get("keyType").asText()).isEqualTo("ec-p256");
        assertThat(k.has("certificateFileName")).as("the API's keypair JSON is unchanged").isFalse();
        String id = k.get("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/admin/certificates/" + id + "?done=generated");

        String list = web.get("/admin/certificates").body();
        assertThat(list).contains(name).contains(k.get("fingerprintSha256").asText().substring(0, 23) + "…")
                .containsPattern("<span class=\"status warn\">(19|20) days left</span>");
        String detail = web.get("/admin/certificates/" + id).body();
        assertThat(detail).contains(k.get("fingerprintSha256").asText()).contains("id=\"certificate-pem\"")
                .contains("data-copy=\"certificate-pem\"");

        HttpResponse<String> pem = web.get("/admin/certificates/" + id + "/download");
        assertThat(pem.statusCode()).isEqualTo(200);
        assertThat(pem.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment; filename=\"Signing-2027-");
        assertThat(pem.body().strip()).isEqualTo(k.get("certificatePem").asText().strip());
        assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
    }

    @Test
    void bad_generate_input_is_shown_next_to_the_fields_and_nothing_is_created() {
        WebClient web = admin();
        web.get("/admin/certificates/generate");
        int before = keypairCount();

        HttpResponse<String> r = web.post("/admin/certificates/generate",
                Map.of("name", "", "keyType", "rsa-1024", "commonName", "", "validityDays", "0"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"name-error\"").contains("id=\"keyType-error\"").contains("id=\"validityDays-error\"");
        assertThat(keypairCount()).isEqualTo(before);
    }

    @Test
    void a_bad_pem_is_refused_next_to_its_field_and_a_good_pair_is_imported() {
        WebClient web = admin();
        web.get("/admin/certificates/import");
        int before = keypairCount();
        GeneratedKey key = Certificates.generate(KeyType.RSA_2048, "imported", Duration.ofDays(365), Instant.now());
        String certificate = Certificates.toPem(key.certificate());
        String privateKey = pkcs8(key.privateKey());

        HttpResponse<String> bad = web.post("/admin/certificates/import",
                Map.of("name", unique("broken"), "certificate", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
                        "privateKey", privateKey));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("<p class=\"field-error\" id=\"certificate-error\">")
                .doesNotContain("PRIVATE KEY-----\n");
        assertThat(keypairCount()).isEqualTo(before);

        HttpResponse<String> tooLarge = multipart(web, "/admin/certificates/import", Map.of("name", unique("large"), "certificate", "",
                "privateKey", ""), Map.of("certificateFile", "x".repeat(64 * 1024 + 1), "privateKeyFile", privateKey));
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("<p class=\"field-error\" id=\"certificate-error\">The file is larger than 64 KiB.</p>");
        assertThat(keypairCount()).isEqualTo(before);

        String name = unique("imported");
        HttpResponse<String> good = multipart(web, "/admin/certificates/import", Map.of("name", name, "certificate", "", "privateKey", ""),
                Map.of("certificateFile", certificate, "privateKeyFile", privateKey));
        assertThat(good.statusCode()).as(good.body()).isEqualTo(303);
        assertThat(stored(name).get("fingerprintSha256").asText()).isEqualTo(Certificates.fingerprint(key.certificate()));
    }

    @Test
    void a_certificate_in_use_is_not_deleted_and_an_unused_one_is() {
        ApiClient api = server.api();
        String next = api.post("/keypairs", JsonBodies.json("name", unique("in-use"))).json().get("id").asText();
        String slug = unique("cert-app");
        SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"https://sp.example.com/" + slug
                + "\",\"acsUrl\":\"https://sp.example.com/acs\",\"nextKeypairId\":\"" + next + "\"}");
        WebClient web = admin();

        assertThat(web.get("/admin/certificates/" + next).body()).contains(slug).contains("publishes it as next");
        web.get("/admin/certificates/" + next + "/delete");
        HttpResponse<String> refused = web.post("/admin/certificates/" + next + "/delete", Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("role=\"alert\"").contains(slug);
        assertThat(api.get("/keypairs/" + next).status()).isEqualTo(200);

        String unused = api.post("/keypairs", JsonBodies.json("name", unique("unused"))).json().get("id").asText();
        web.get("/admin/certificates/" + unused + "/delete");
        assertThat(web.post("/admin/certificates/" + unused + "/delete", Map.of()).statusCode()).isEqualTo(303);
        assertThat(api.get("/keypairs/" + unused).status()).isEqualTo(404);
    }

    @Test
    void rotation_publishes_the_next_certificate_switches_signing_and_retires_the_old_one() {
        ApiClient api = server.api();
        String slug = unique("rotating");
        String app = SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"https://sp.example.com/" + slug
                + "\",\"acsUrl\":\"https://sp.example.com/acs\"}");
        String old = api.get("/applications/" + app + "/saml").json().get("keypairId").asText();
        server.clock().advance(Duration.ofMinutes(1));
        String fresh = api.post("/keypairs", JsonBodies.json("name", unique("fresh"))).json().get("id").asText();
        String oldPem = body(api.get("/keypairs/" + old).json().get("certificatePem").asText());
        String freshPem = body(api.get("/keypairs/" + fresh).json().get("certificatePem").asText());
        WebClient web = admin();
        String page = "/admin/certificates/rotation/" + app;
        assertThat(web.get("/admin/certificates").body()).contains("href=\"" + page + "\"");
        assertThat(web.get(page).body()).contains("1. Publish the next certificate").contains("Nothing to retire");
        assertThat(metadata(slug)).contains(oldPem).doesNotContain(freshPem);

        HttpResponse<String> published = web.post(page + "/publish", Map.of("nextKeypairId", fresh));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(303);
        assertThat(provider(app).get("keypairId").asText()).isEqualTo(old);
        assertThat(provider(app).get("nextKeypairId").asText()).isEqualTo(fresh);
        assertThat(metadata(slug)).contains(oldPem).contains(freshPem);

        web.get(page);
        HttpResponse<String> switched = web.post(page + "/switch", Map.of());
        assertThat(switched.statusCode()).isEqualTo(303);
        assertThat(provider(app).get("keypairId").asText()).isEqualTo(fresh);
        assertThat(provider(app).get("nextKeypairId").asText()).isEqualTo(old);
        assertThat(metadata(slug)).contains(oldPem).contains(freshPem);
        assertThat(Certificates.fingerprint(SamlTestKit.metadataCertificate(server, slug)))
                .as("the signing certificate comes first").isEqualTo(api.get("/keypairs/" + fresh).json().get("fingerprintSha256").asText());

        web.get(page);
        HttpResponse<String> retired = web.post(page + "/retire", Map.of());
        assertThat(retired.statusCode()).isEqualTo(303);
        assertThat(provider(app).get("keypairId").asText()).isEqualTo(fresh);
        assertThat(provider(app).get("nextKeypairId").isNull()).isTrue();
        assertThat(metadata(slug)).contains(freshPem).doesNotContain(oldPem);
    }

    @Test
    void publishing_without_a_choice_is_refused_next_to_the_field_and_changes_nothing() {
        String slug = unique("unchosen");
        String app = SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"https://sp.example.com/" + slug
                + "\",\"acsUrl\":\"https://sp.example.com/acs\"}");
        WebClient web = admin();
        String page = "/admin/certificates/rotation/" + app;
        web.get(page);

        HttpResponse<String> r = web.post(page + "/publish", Map.of("nextKeypairId", ""));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<p class=\"field-error\" id=\"nextKeypairId-error\">Choose the certificate to publish next.</p>");
        assertThat(provider(app).get("nextKeypairId").isNull()).isTrue();
        assertThat(web.post(page + "/switch", Map.of()).body()).contains("Publish the next certificate first.");
    }

    @Test
    void a_provider_no_sp_uses_yet_can_sign_with_another_certificate_at_once() {
        ApiClient api = server.api();
        String slug = unique("new-provider");
        String app = SamlTestKit.createSamlApp(server, slug, "{\"spEntityId\":\"https://sp.example.com/" + slug
                + "\",\"acsUrl\":\"https://sp.example.com/acs\"}");
        String old = provider(app).get("keypairId").asText();
        String other = api.post("/keypairs", JsonBodies.json("name", unique("other"))).json().get("id").asText();
        WebClient web = admin();
        String page = "/admin/certificates/rotation/" + app;
        web.get(page);

        HttpResponse<String> r = web.post(page + "/sign-now", Map.of("keypairId", other));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(provider(app).get("keypairId").asText()).isEqualTo(other);
        assertThat(provider(app).get("nextKeypairId").isNull()).isTrue();
        assertThat(metadata(slug)).contains(body(api.get("/keypairs/" + other).json().get("certificatePem").asText()))
                .doesNotContain(body(api.get("/keypairs/" + old).json().get("certificatePem").asText()));
    }

    private static JsonNode provider(String applicationId) {
        return server.api().get("/applications/" + applicationId + "/saml").json();
    }

    private static String metadata(String slug) {
        return server.client().get("/application/saml/" + slug + "/metadata").body().replaceAll("\\s", "");
    }

    /** The base64 body of a PEM certificate on one line, as the metadata's X509Certificate holds it. */
    private static String body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** Posts a multipart form (fields and text files) with the page's CSRF token. */
    private static HttpResponse<String> multipart(WebClient web, String path, Map<String, String> fields, Map<String, String> files) {
        String boundary = "signet-test-boundary";
        StringBuilder body = new StringBuilder();
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("csrf", web.csrf());
        all.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        files.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"; filename=\"").append(name).append(".pem\"\r\n")
                .append("Content-Type: application/x-pem-file\r\n\r\n").append(value).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return web.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }
}
