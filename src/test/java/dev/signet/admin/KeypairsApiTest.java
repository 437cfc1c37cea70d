package dev.signet.admin;

import static dev.signet.testing.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import dev.signet.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/v1/keypairs over real HTTP: default keypair, generation, PEM import, download, deletion. */
class KeypairsApiTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withDefaults();

    @Test
    void first_start_creates_a_default_rsa_2048_keypair_valid_for_ten_years() {
        Response r = server.api().get("/keypairs");
        var k = r.json().get("items").get(0);
        assertThat(k.get("name").asText()).isEqualTo("Signet self-signed");
        assertThat(k.get("keyType").asText()).isEqualTo("rsa-2048");
        assertThat(k.get("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(k.get("fingerprintSha256").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(java.time.Instant.parse(k.get("notAfter").asText()))
                .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3649)));
        assertThat(r.body()).doesNotContain("PRIVATE KEY").doesNotContain("v1:");
    }

    @Test
    void generates_each_key_type_and_never_returns_the_private_key() throws Exception {
        for (String type : new String[] {"rsa-3072", "ec-p256", "ec-p384"}) {
            Response r = server.api().post("/keypairs", json("name", "gen-" + type, "keyType", type, "validityDays", 30));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().get("keyType").asText()).isEqualTo(type);
            assertThat(r.body()).doesNotContain("PRIVATE");
        }
    }

    @Test
    void private_keys_are_stored_encrypted() throws Exception {
        server.api().post("/keypairs", json("name", "at-rest"));
        try (var c = TestDatabase.connect(server.dataDir());
             var rs = c.createStatement().executeQuery("SELECT private_key_sealed FROM keypairs")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getString(1)).startsWith("v1:").doesNotContain("BEGIN").doesNotStartWith("v1:MII");
            }
            assertThat(rows).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void imports_an_openssl_keypair_and_downloads_its_certificate() throws Exception {
        Response r = server.api().post("/keypairs/import", json("name", "imported-rsa",
                "certificate", fixture("rsa-cert.pem"), "privateKey", fixture("rsa-pkcs8-encrypted.pem"),
                "passphrase", "fixture passphrase"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("fingerprintSha256").asText()).isEqualTo(fixture("rsa-cert.sha256").strip());
        String id = r.json().get("id").asText();
        Response pem = server.api().get("/keypairs/" + id + "/certificate");
        assertThat(pem.status()).isEqualTo(200);
        assertThat(pem.contentType()).startsWith("application/x-pem-file");
        assertThat(pem.body()).isEqualTo(r.json().get("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void import_refuses_a_key_of_another_certificate_a_wrong_passphrase_and_garbage() throws Exception {
        assertField(server.api().post("/keypairs/import", json("name", "mismatch",
                "certificate", fixture("ec-cert.pem"), "privateKey", fixture("rsa-pkcs1.pem"))), "privateKey");
        assertField(server.api().post("/keypairs/import", json("name", "bad-pass",
                "certificate", fixture("rsa-cert.pem"), "privateKey", fixture("rsa-pkcs8-encrypted.pem"), "passphrase", "nope")), "passphrase");
        assertField(server.api().post("/keypairs/import", json("name", "garbage",
                "certificate", "not a certificate", "privateKey", fixture("rsa-pkcs1.pem"))), "certificate");
        assertThat(server.api().get("/keypairs").body()).doesNotContain("mismatch").doesNotContain("bad-pass").doesNotContain("garbage");
    }

    @Test
    void validation_conflict_and_deletion() throws Exception {
        assertField(server.api().post("/keypairs", json("name", "bad-type", "keyType", "dsa-1024")), "keyType");
        assertField(server.api().post("/keypairs", json("name", "bad-days", "validityDays", 0)), "validityDays");
        Response first = server.api().post("/keypairs", json("name", "twice"));
        assertThat(server.api().post("/keypairs", json("name", "twice")).status()).isEqualTo(409);
        String id = first.json().get("id").asText();
        assertThat(server.api().delete("/keypairs/" + id).status()).isEqualTo(204);
        assertThat(server.api().get("/keypairs/" + id).status()).isEqualTo(404);
        assertThat(server.api().delete("/keypairs/" + id).status()).isEqualTo(404);
    }

    private static void assertField(Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorFields()).contains(field);
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = KeypairsApiTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
