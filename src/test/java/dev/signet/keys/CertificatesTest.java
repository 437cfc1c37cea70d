package dev.signet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificatesTest {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generated_certificate_is_self_signed_with_the_requested_key_and_validity(KeyType type) throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        var generated = Certificates.generate(type, "signet test", Duration.ofDays(3650), now);
        X509Certificate cert = generated.certificate();
        cert.verify(cert.getPublicKey());
        assertThat(KeyType.of(cert.getPublicKey())).contains(type);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=signet test");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(3650)));
        assertThat(cert.getNotBefore().toInstant()).isBefore(now);
        assertThat(cert.getSigAlgName()).isEqualToIgnoringCase(type.certificateSignature());
        assertThat(Certificates.matches(cert, generated.privateKey())).isTrue();
    }

    @Test
    void fingerprint_matches_what_openssl_prints() throws Exception {
        assertThat(Certificates.fingerprint(Certificates.parseCertificate(fixture("rsa-cert.pem")))).isEqualTo(fixture("rsa-cert.sha256").strip());
        assertThat(Certificates.fingerprint(Certificates.parseCertificate(fixture("ec-cert.pem")))).isEqualTo(fixture("ec-cert.sha256").strip());
    }

    @Test
    void reads_pkcs1_pkcs8_encrypted_pkcs8_and_sec1_private_keys_from_openssl() throws Exception {
        X509Certificate rsa = Certificates.parseCertificate(fixture("rsa-cert.pem"));
        for (String file : new String[] {"rsa-pkcs1.pem", "rsa-pkcs8.pem"}) {
            assertThat(Certificates.matches(rsa, Certificates.parsePrivateKey(fixture(file), null))).as(file).isTrue();
        }
        PrivateKey decrypted = Certificates.parsePrivateKey(fixture("rsa-pkcs8-encrypted.pem"), "fixture passphrase".toCharArray());
        assertThat(Certificates.matches(rsa, decrypted)).isTrue();
        X509Certificate ec = Certificates.parseCertificate(fixture("ec-cert.pem"));
        assertThat(Certificates.matches(ec, Certificates.parsePrivateKey(fixture("ec-sec1.pem"), null))).isTrue();
        assertThat(Certificates.matches(ec, decrypted)).isFalse();
    }

    @Test
    void encrypted_key_needs_the_right_passphrase() throws Exception {
        String pem = fixture("rsa-pkcs8-encrypted.pem");
        assertThatThrownBy(() -> Certificates.parsePrivateKey(pem, null)).hasMessageContaining("give its passphrase");
        assertThatThrownBy(() -> Certificates.parsePrivateKey(pem, "wrong".toCharArray())).hasMessageContaining("passphrase does not decrypt");
    }

    @Test
    void garbage_is_refused_with_a_readable_reason() {
        assertThatThrownBy(() -> Certificates.parseCertificate("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No PEM certificate");
        assertThatThrownBy(() -> Certificates.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void text_between_the_pem_markers_that_is_not_base64_is_refused_with_a_readable_reason() {
        String damaged = "-----BEGIN %s-----\nnot base64\n-----END %s-----\n";
        assertThatThrownBy(() -> Certificates.parseCertificate(damaged.formatted("CERTIFICATE", "CERTIFICATE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Certificates.parseCertificates(damaged.formatted("CERTIFICATE", "CERTIFICATE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> Certificates.parsePrivateKey(damaged.formatted("PRIVATE KEY", "PRIVATE KEY"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
    }

    @Test
    void sealed_private_key_opens_only_with_the_same_key_and_row() {
        byte[] kek = new byte[32];
        kek[0] = 7;
        KeyEncryption encryption = new KeyEncryption(kek);
        String sealed = encryption.seal("secret key bytes".getBytes(StandardCharsets.UTF_8), "row-1");
        assertThat(sealed).startsWith("v1:").doesNotContain("secret");
        assertThat(new String(encryption.open(sealed, "row-1"), StandardCharsets.UTF_8)).isEqualTo("secret key bytes");
        assertThatThrownBy(() -> encryption.open(sealed, "row-2")).isInstanceOf(IllegalStateException.class);
        byte[] otherKek = new byte[32];
        assertThatThrownBy(() -> new KeyEncryption(otherKek).open(sealed, "row-1")).isInstanceOf(IllegalStateException.class);
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = CertificatesTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
