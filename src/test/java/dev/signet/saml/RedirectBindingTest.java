package dev.signet.saml;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RedirectBindingTest {
    static final String REQUEST = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r1\" "
            + "Version=\"2.0\" IssueInstant=\"2026-11-29T12:00:00Z\"><saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">"
            + "https://sp.example.com</saml:Issuer></samlp:AuthnRequest>";
    static final String RELAY = "https://sp.example.com/app?a=1&b=two words/é";
    static final int LIMIT = 64 * 1024;
    static GeneratedKey rsa;
    static GeneratedKey ec;
    static GeneratedKey otherRsa;

    @BeforeAll
    static void keys() {
        rsa = Certificates.generate(KeyType.RSA_2048, "sp rsa", Duration.ofDays(1), Instant.now());
        ec = Certificates.generate(KeyType.EC_P256, "sp ec", Duration.ofDays(1), Instant.now());
        otherRsa = Certificates.generate(KeyType.RSA_2048, "someone else", Duration.ofDays(1), Instant.now());
    }

    // --- encode / decode ---

    @Test
    void encoded_message_decodes_to_the_same_bytes() {
        String encoded = RedirectBinding.encode(REQUEST.getBytes(UTF_8));
        assertThat(encoded).matches("[A-Za-z0-9+/=]+");
        assertThat(new String(RedirectBinding.decode(encoded, LIMIT), UTF_8)).isEqualTo(REQUEST);
    }

    @Test
    void decode_tolerates_line_breaks_and_spaces_in_base64() {
        String encoded = RedirectBinding.encode(REQUEST.getBytes(UTF_8));
        String wrapped = Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(encoded)) + "\n ";
        assertThat(new String(RedirectBinding.decode(wrapped, LIMIT), UTF_8)).isEqualTo(REQUEST);
    }

    @Test
    void decode_refuses_what_is_not_base64() {
        assertThatThrownBy(() -> RedirectBinding.decode("not*base64!", LIMIT))
                .isInstanceOf(SamlMessageException.class).hasMessage("The SAML message is not valid base64.");
    }

    @Test
    void decode_refuses_plain_xml_that_was_not_deflated() {
        String plain = Base64.getEncoder().encodeToString(REQUEST.getBytes(UTF_8));
        assertThatThrownBy(() -> RedirectBinding.decode(plain, LIMIT))
                .isInstanceOf(SamlMessageException.class)
                .hasMessage("The SAML message is not DEFLATE-compressed as the HTTP-Redirect binding requires.");
    }

    @Test
    void decode_refuses_zlib_wrapped_data_with_header() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(out, new Deflater(Deflater.DEFLATED, false))) {
            zlib.write(REQUEST.getBytes(UTF_8));
        }
        assertThat(out.toByteArray()[0]).as("zlib header").isEqualTo((byte) 0x78);
        assertThatThrownBy(() -> RedirectBinding.decode(Base64.getEncoder().encodeToString(out.toByteArray()), LIMIT))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("not DEFLATE-compressed");
    }

    @Test
    void decode_refuses_a_truncated_stream() {
        byte[] deflated = Base64.getDecoder().decode(RedirectBinding.encode(REQUEST.getBytes(UTF_8)));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(deflated, deflated.length - 4));
        assertThatThrownBy(() -> RedirectBinding.decode(truncated, LIMIT))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("not DEFLATE-compressed");
    }

    @Test
    void decode_refuses_trailing_bytes_after_the_stream() {
        byte[] deflated = Base64.getDecoder().decode(RedirectBinding.encode(REQUEST.getBytes(UTF_8)));
        byte[] withGarbage = Arrays.copyOf(deflated, deflated.length + 3);
        withGarbage[deflated.length] = 'x';
        assertThatThrownBy(() -> RedirectBinding.decode(Base64.getEncoder().encodeToString(withGarbage), LIMIT))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("not DEFLATE-compressed");
    }

    @Test
    void decode_refuses_empty_input() {
        assertThatThrownBy(() -> RedirectBinding.decode("", LIMIT))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("not DEFLATE-compressed");
    }

    @Test
    void zip_bomb_is_refused_at_the_limit() {
        String bomb = RedirectBinding.encode(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length()).as("10 MiB of zeros deflate to a few KiB").isLessThan(20_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> RedirectBinding.decode(bomb, LIMIT))
                .isInstanceOf(SamlMessageException.class)
                .hasMessage("The SAML message is larger than 64 KiB after decompression.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stops early").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void limit_is_inclusive() {
        String exactly = RedirectBinding.encode(new byte[4096]);
        assertThat(RedirectBinding.decode(exactly, 4096)).hasSize(4096);
        assertThatThrownBy(() -> RedirectBinding.decode(exactly, 4095)).hasMessageContaining("larger than 4 KiB");
    }

    // --- signed query strings ---

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signed_query_verifies_with_the_signers_certificate(SignatureAlgorithm alg) {
        GeneratedKey key = "EC".equals(alg.keyAlgorithm()) ? ec : rsa;
        String query = signed(alg, key, RELAY);
        assertThat(query).startsWith("SAMLRequest=").contains("&RelayState=").contains("&SigAlg=").contains("&Signature=");
        assertThat(RedirectBinding.isSigned(query)).isTrue();
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(key.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void ecdsa_signature_is_the_xml_dsig_raw_r_s_encoding() {
        String query = signed(SignatureAlgorithm.ECDSA_SHA256, ec, null);
        assertThat(signatureBytes(query)).as("P-256: 32 bytes r, 32 bytes s, no DER").hasSize(64);
    }

    @Test
    void der_encoded_ecdsa_signature_as_java_opensaml_sends_it_is_also_accepted() throws Exception {
        String unsigned = "SAMLRequest=" + enc(RedirectBinding.encode(REQUEST.getBytes(UTF_8))) + "&SigAlg="
                + enc(SignatureAlgorithm.ECDSA_SHA256.signatureUri());
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(ec.privateKey());
        der.update(unsigned.getBytes(UTF_8));
        String query = unsigned + "&Signature=" + enc(Base64.getEncoder().encodeToString(der.sign()));
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(ec.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void without_relay_state_the_parameter_is_left_out_and_still_verifies() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, null);
        assertThat(query).doesNotContain("RelayState");
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(rsa.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void saml_response_parameter_is_signed_and_verified_too() {
        String query = RedirectBinding.signedQuery("SAMLResponse", RedirectBinding.encode(REQUEST.getBytes(UTF_8)), "rs",
                SignatureAlgorithm.RSA_SHA256, rsa.privateKey());
        assertThat(query).startsWith("SAMLResponse=");
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLResponse", List.of(rsa.certificate()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(rsa.certificate())))
                .isInstanceOf(SamlMessageException.class);
    }

    @Test
    void changed_relay_state_fails() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, "state-1");
        String changed = query.replace("RelayState=state-1", "RelayState=state-2");
        assertNotValid(changed, rsa, "The signature is not valid with the registered SP certificate.");
    }

    @Test
    void added_relay_state_fails() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, null);
        assertNotValid(query + "&RelayState=evil", rsa, "The signature is not valid with the registered SP certificate.");
    }

    @Test
    void changed_message_fails() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        String other = enc(RedirectBinding.encode(REQUEST.replace("sp.example.com", "evil.example.com").getBytes(UTF_8)));
        String changed = query.replaceFirst("SAMLRequest=[^&]*", "SAMLRequest=" + other.replace("\\", "\\\\").replace("$", "\\$"));
        assertThat(changed).isNotEqualTo(query);
        assertNotValid(changed, rsa, "The signature is not valid with the registered SP certificate.");
    }

    @Test
    void removed_signature_parameter_fails() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        String unsigned = query.replaceFirst("&Signature=[^&]*", "");
        assertThat(RedirectBinding.isSigned(unsigned)).isFalse();
        assertNotValid(unsigned, rsa, "The SAML message is not signed.");
    }

    @Test
    void certificate_of_someone_else_fails() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        assertNotValid(query, otherRsa, "The signature is not valid with the registered SP certificate.");
    }

    @Test
    void any_one_of_several_trusted_certificates_may_verify() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLRequest",
                List.of(otherRsa.certificate(), ec.certificate(), rsa.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void rsa_key_with_ecdsa_sig_alg_is_a_key_type_mismatch() {
        String query = signed(SignatureAlgorithm.ECDSA_SHA256, ec, RELAY);
        assertNotValid(query, rsa, "The SAML message is signed with EC but no registered SP certificate has a key of that type.");
    }

    @Test
    void sha1_sig_alg_is_refused_with_a_clear_message() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY)
                .replace(enc(SignatureAlgorithm.RSA_SHA256.signatureUri()), enc("http://www.w3.org/2000/09/xmldsig#rsa-sha1"));
        assertThatThrownBy(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(rsa.certificate())))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("SHA-1");
        String ecdsaSha1 = query.replace(enc("http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
                enc("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1"));
        assertThatThrownBy(() -> RedirectBinding.verify(ecdsaSha1, "SAMLRequest", List.of(rsa.certificate())))
                .hasMessageContaining("SHA-1");
    }

    @Test
    void unknown_sig_alg_is_refused_without_echoing_it() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY)
                .replace(enc(SignatureAlgorithm.RSA_SHA256.signatureUri()), enc("urn:evil<script>"));
        assertThatThrownBy(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(rsa.certificate())))
                .isInstanceOf(SamlMessageException.class)
                .hasMessage("The SAML message is signed with an algorithm Signet does not support.");
    }

    @Test
    void reordered_parameters_still_verify() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        String[] p = query.split("&");
        String reordered = String.join("&", p[3], p[2], p[1], p[0]);
        assertThatCode(() -> RedirectBinding.verify(reordered, "SAMLRequest", List.of(rsa.certificate()))).doesNotThrowAnyException();
        String withOthers = "foo=bar&" + reordered + "&utm_source=x";
        assertThatCode(() -> RedirectBinding.verify(withOthers, "SAMLRequest", List.of(rsa.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void values_are_verified_as_received_not_re_encoded() {
        // Another signer may percent-encode differently (lower-case hex, %7E); the raw octets were signed.
        String unsigned = "SAMLRequest=" + lowerHex(enc(RedirectBinding.encode(REQUEST.getBytes(UTF_8))))
                + "&RelayState=a%7eb" + "&SigAlg=" + lowerHex(enc(SignatureAlgorithm.RSA_SHA256.signatureUri()));
        assertThat(unsigned).contains("%3a%2f%2f");
        String query = unsigned + "&Signature=" + enc(rsaSign(unsigned));
        assertThatCode(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(rsa.certificate()))).doesNotThrowAnyException();
    }

    @Test
    void duplicated_parameters_are_refused() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        String message = query.substring(0, query.indexOf('&'));
        assertNotValid(query + "&" + message, rsa, "The query string has the SAMLRequest parameter more than once.");
        assertNotValid(query + "&SAML%52equest=abc", rsa, "The query string has the SAMLRequest parameter more than once.");
        assertNotValid(query + "&Signature=abc", rsa, "The query string has the Signature parameter more than once.");
        assertNotValid(query + "&RelayState=x", rsa, "The query string has the RelayState parameter more than once.");
        assertNotValid(query + "&SigAlg=x", rsa, "The query string has the SigAlg parameter more than once.");
        assertNotValid(query + "&SAMLResponse=x", rsa, "The query string has both SAMLRequest and SAMLResponse.");
    }

    @Test
    void broken_url_encoding_or_signature_base64_is_refused() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        assertNotValid(query.replaceFirst("&Signature=[^&]*", "&Signature=%ZZ"), rsa, "The query string is not validly URL-encoded.");
        assertNotValid(query.replaceFirst("&Signature=[^&]*", "&Signature=*"), rsa, "The Signature parameter is not valid base64.");
        assertNotValid(query.replaceFirst("SAMLRequest=[^&]*&", ""), rsa, "The query string has no SAMLRequest parameter.");
        assertNotValid(query.replaceFirst("&SigAlg=[^&]*", ""), rsa, "The signed SAML message has no SigAlg parameter.");
    }

    @Test
    void no_registered_certificate_is_an_error_not_a_pass() {
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        assertThatThrownBy(() -> RedirectBinding.verify(query, "SAMLRequest", List.of()))
                .isInstanceOf(SamlMessageException.class).hasMessageContaining("No certificate is registered");
    }

    @Test
    void is_signed_looks_for_the_signature_parameter_only() {
        assertThat(RedirectBinding.isSigned(null)).isFalse();
        assertThat(RedirectBinding.isSigned("SAMLRequest=abc&RelayState=Signature")).isFalse();
        assertThat(RedirectBinding.isSigned("SAMLRequest=abc&Signature=")).isTrue();
    }

    @Test
    void sig_alg_uris_map_to_algorithms() {
        for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
            assertThat(SignatureAlgorithm.fromUri(alg.signatureUri())).contains(alg);
        }
        assertThat(SignatureAlgorithm.fromUri("http://www.w3.org/2000/09/xmldsig#rsa-sha1")).isEmpty();
        assertThat(SignatureAlgorithm.fromUri(null)).isEmpty();
    }

    @Test
    void openssl_verifies_our_rsa_sha256_query_signature() throws Exception {
        Path openssl = requireOpenssl();
        String query = signed(SignatureAlgorithm.RSA_SHA256, rsa, RELAY);
        String signedPart = query.substring(0, query.indexOf("&Signature="));
        Path dir = Files.createTempDirectory("openssl-");
        try {
            Path data = Files.write(dir.resolve("data.txt"), signedPart.getBytes(UTF_8));
            Path sig = Files.write(dir.resolve("sig.bin"), signatureBytes(query));
            Path pub = Files.writeString(dir.resolve("pubkey.pem"), "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(rsa.certificate().getPublicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            Process p = new ProcessBuilder(openssl.toString(), "dgst", "-sha256", "-verify", pub.toString(),
                    "-signature", sig.toString(), data.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("Verified OK");

            Files.write(data, (signedPart + "x").getBytes(UTF_8));
            Process tampered = new ProcessBuilder(openssl.toString(), "dgst", "-sha256", "-verify", pub.toString(),
                    "-signature", sig.toString(), data.toString()).redirectErrorStream(true).start();
            tampered.getInputStream().readAllBytes();
            assertThat(tampered.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tampered.exitValue()).as("openssl refuses changed data").isNotZero();
        } finally {
            dev.signet.testing.TestSignet.deleteRecursively(dir);
        }
    }

    static String signed(SignatureAlgorithm alg, GeneratedKey key, String relayState) {
        return RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(REQUEST.getBytes(UTF_8)), relayState, alg,
                key.privateKey());
    }

    static void assertNotValid(String query, GeneratedKey trusted, String reason) {
        assertThatThrownBy(() -> RedirectBinding.verify(query, "SAMLRequest", List.of(trusted.certificate())))
                .isInstanceOf(SamlMessageException.class).hasMessage(reason);
    }

    static byte[] signatureBytes(String query) {
        String value = query.substring(query.indexOf("&Signature=") + "&Signature=".length());
        return Base64.getDecoder().decode(URLDecoder.decode(value, UTF_8));
    }

    static String rsaSign(String octets) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(rsa.privateKey());
            s.update(octets.getBytes(UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String lowerHex(String urlEncoded) {
        return java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(urlEncoded).replaceAll(m -> m.group().toLowerCase());
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, UTF_8);
    }

    /** As {@link dev.signet.testing.ExternalTools}: skipped on a developer machine without openssl, failed in CI. */
    static Path requireOpenssl() {
        Path program = Path.of("/usr/bin/openssl");
        if (Files.isExecutable(program)) {
            return program;
        }
        String message = "openssl is not installed (no " + program + "); install the Debian package with: apt-get install openssl";
        if ("true".equals(System.getenv("CI"))) {
            return fail(message + " (CI=true: this test must run, not be skipped)");
        }
        return abort(message);
    }
}
