package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SamlResponseSpec.NameId;
import dev.signet.testing.PySaml2Sp;
import dev.signet.testing.PySaml2Sp.Binding;
import dev.signet.testing.PySaml2Sp.Options;
import dev.signet.testing.PySaml2Sp.Outcome;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Proves the pysaml2 test SP is a real judge before any Signet flow relies on it: it accepts a response built by
 * {@link ResponseBuilder} for it, and refuses the same response when the audience, the key or the time is wrong.
 * No Signet server runs here; the IdP is only metadata and a key.
 */
class PySaml2SpTest {
    static final String IDP = "http://127.0.0.1:9/application/saml/demo/";
    static final String SSO = IDP + "sso/binding/";
    static final String SLO = IDP + "slo/binding/";
    static final String EMAIL = "urn:oid:0.9.2342.19200300.100.1.3";
    static GeneratedKey idpKey;
    static PySaml2Sp unsolicited;

    @BeforeAll
    static void start() throws Exception {
        idpKey = key("pysaml2 test IdP");
        unsolicited = PySaml2Sp.start(Options.trusting(idpMetadata(idpKey)).allowUnsolicited(true));
    }

    @AfterAll
    static void stop() {
        if (unsolicited != null) {
            unsolicited.close();
        }
    }

    @Test
    void idp_initiated_response_with_signed_assertion_is_accepted() throws Exception {
        Outcome outcome = post(unsolicited, response(unsolicited, Instant.now(), idpKey, true, false, null), "relay-1");
        assertThat(outcome.ok()).as(explain(unsolicited, outcome)).isTrue();
        assertThat(outcome.body().path("name_id").asText()).isEqualTo("alice-opaque-id");
        assertThat(outcome.body().path("name_id_format").asText()).isEqualTo(SamlResponseSpec.NAMEID_PERSISTENT);
        assertThat(outcome.body().path("issuer").asText()).isEqualTo(IDP);
        assertThat(outcome.body().path("session_index").asText()).isEqualTo("_session-1");
        assertThat(outcome.body().path("relay_state").asText()).isEqualTo("relay-1");
        assertThat(outcome.body().path("attributes").path(EMAIL).toString()).isEqualTo("[\"alice@example.com\"]");
        assertThat(outcome.body().path("attributes").path("groups").toString()).isEqualTo("[\"admins\",\"developers\"]");
    }

    @Test
    void response_and_assertion_both_signed_is_accepted() throws Exception {
        Outcome outcome = post(unsolicited, response(unsolicited, Instant.now(), idpKey, true, true, null), null);
        assertThat(outcome.ok()).as(explain(unsolicited, outcome)).isTrue();
        assertThat(outcome.body().path("name_id").asText()).isEqualTo("alice-opaque-id");
    }

    @Test
    void response_for_another_audience_is_refused() throws Exception {
        SamlResponseSpec spec = spec(unsolicited.acsUrl(), "https://other-sp.example/", Instant.now(), idpKey, true, false, null);
        Outcome outcome = post(unsolicited, encode(spec), null);
        assertThat(outcome.ok()).as(explain(unsolicited, outcome)).isFalse();
        assertThat(outcome.error()).contains("AudienceRestrictions conditions not satisfied");
    }

    @Test
    void assertion_signed_with_a_key_not_in_the_metadata_is_refused() throws Exception {
        Outcome outcome = post(unsolicited, response(unsolicited, Instant.now(), key("impostor"), true, false, null), null);
        assertThat(outcome.ok()).as(explain(unsolicited, outcome)).isFalse();
        assertThat(outcome.error()).startsWith("SignatureError: Failed to verify signature");
    }

    @Test
    void response_issued_an_hour_ago_is_refused() throws Exception {
        Outcome outcome = post(unsolicited, response(unsolicited, Instant.now().minus(Duration.ofHours(1)), idpKey, true, false, null), null);
        assertThat(outcome.ok()).as(explain(unsolicited, outcome)).isFalse();
        assertThat(outcome.error()).startsWith("ResponseLifetimeExceed");
    }

    @Test
    void unsigned_assertion_is_refused_when_the_sp_wants_signed_assertions() throws Exception {
        Outcome outcome = post(unsolicited, response(unsolicited, Instant.now(), idpKey, false, false, null), null);
        assertThat(outcome.ok()).as(explain(unsolicited, outcome)).isFalse();
        assertThat(outcome.error()).isEqualTo("SignatureError: Signature missing for assertion");
    }

    @Test
    void metadata_names_the_sp_and_its_acs() throws Exception {
        Element entity = XmlParser.parse(unsolicited.metadata()).getDocumentElement();
        assertThat(entity.getAttribute("entityID")).isEqualTo(unsolicited.entityId());
        Element acs = (Element) entity.getElementsByTagNameNS(SamlNames.METADATA_NS, "AssertionConsumerService").item(0);
        assertThat(acs.getAttribute("Location")).isEqualTo(unsolicited.acsUrl());
        assertThat(acs.getAttribute("Binding")).isEqualTo("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    }

    @Test
    void login_redirects_to_the_idp_with_an_authn_request_and_checks_in_response_to() throws Exception {
        try (PySaml2Sp sp = PySaml2Sp.start(Options.trusting(idpMetadata(idpKey)))) {
            HttpResponse<String> login = sp.login("back-to/page");
            assertThat(login.statusCode()).as(sp.recentOutput()).isEqualTo(302);
            URI location = URI.create(login.headers().firstValue("Location").orElseThrow());
            assertThat(location.toString()).startsWith(SSO + "redirect?");
            Map<String, String> query = query(location.getRawQuery());
            assertThat(query.get("RelayState")).isEqualTo("back-to/page");
            Element request = XmlParser.parse(inflate(Base64.getDecoder().decode(query.get("SAMLRequest")))).getDocumentElement();
            assertThat(request.getLocalName()).isEqualTo("AuthnRequest");
            assertThat(request.getNamespaceURI()).isEqualTo(SamlNames.PROTOCOL_NS);
            assertThat(request.getAttribute("AssertionConsumerServiceURL")).isEqualTo(sp.acsUrl());
            assertThat(request.getAttribute("Destination")).isEqualTo(SSO + "redirect");
            assertThat(request.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Issuer").item(0).getTextContent())
                    .isEqualTo(sp.entityId());

            Outcome unknown = post(sp, response(sp, Instant.now(), idpKey, true, false, "_not-a-request-of-this-sp"), null);
            assertThat(unknown.ok()).as("a response to a request the SP never sent").isFalse();
            assertThat(unknown.error()).startsWith("UnsolicitedResponse");
            Outcome answer = post(sp, response(sp, Instant.now(), idpKey, true, false, request.getAttribute("ID")), null);
            assertThat(answer.ok()).as(explain(sp, answer)).isTrue();
            assertThat(answer.body().path("in_response_to").asText()).isEqualTo(request.getAttribute("ID"));
            Outcome replay = post(sp, response(sp, Instant.now(), idpKey, true, false, request.getAttribute("ID")), null);
            assertThat(replay.ok()).as("a second response to the same request").isFalse();
            assertThat(replay.error()).startsWith("UnsolicitedResponse");
        }
    }

    @Test
    void logout_sends_a_logout_request_for_the_logged_in_subject() throws Exception {
        assertThat(post(unsolicited, response(unsolicited, Instant.now(), idpKey, true, false, null), null).ok()).isTrue();
        HttpResponse<String> logout = unsolicited.get("/logout");
        assertThat(logout.statusCode()).as(logout.body() + unsolicited.recentOutput()).isEqualTo(302);
        URI location = URI.create(logout.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(SLO + "redirect?");
        Element request = XmlParser.parse(inflate(Base64.getDecoder().decode(query(location.getRawQuery()).get("SAMLRequest"))))
                .getDocumentElement();
        assertThat(request.getLocalName()).isEqualTo("LogoutRequest");
        assertThat(request.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "NameID").item(0).getTextContent())
                .isEqualTo("alice-opaque-id");
        assertThat(request.getElementsByTagNameNS(SamlNames.PROTOCOL_NS, "SessionIndex").item(0).getTextContent())
                .isEqualTo("_session-1");
    }

    @Test
    void post_binding_login_sends_a_signed_authn_request() throws Exception {
        GeneratedKey spKey = key("pysaml2 test SP");
        Options options = Options.trusting(idpMetadata(idpKey)).binding(Binding.POST).forceAuthn(true)
                .signRequests(Certificates.toPem(spKey.privateKey()), Certificates.toPem(spKey.certificate()));
        try (PySaml2Sp sp = PySaml2Sp.start(options)) {
            HttpResponse<String> login = sp.login("x");
            assertThat(login.statusCode()).as(sp.recentOutput()).isEqualTo(200);
            Matcher form = Pattern.compile("name=\"SAMLRequest\" value=\"([^\"]+)\"").matcher(login.body());
            assertThat(form.find()).as(login.body()).isTrue();
            String xml = new String(Base64.getDecoder().decode(form.group(1)), StandardCharsets.UTF_8);
            assertThat(xml).contains("ForceAuthn=\"true\"");
            Xmlsec1.Result verified = Xmlsec1.verify(xml, SamlNames.PROTOCOL_NS + ":AuthnRequest", spKey.certificate());
            assertThat(verified.verified()).as(verified.output()).isTrue();
        }
    }

    static GeneratedKey key(String name) {
        return Certificates.generate(KeyType.RSA_2048, name, Duration.ofDays(1), Instant.now());
    }

    static byte[] idpMetadata(GeneratedKey key) {
        return XmlWriter.toBytes(IdpMetadata.build(new IdpMetadata.Description(IDP, false, List.of(key.certificate()),
                List.of(SamlResponseSpec.NAMEID_PERSISTENT), SSO, SLO)));
    }

    static String response(PySaml2Sp sp, Instant issued, GeneratedKey signer, boolean signAssertion, boolean signResponse,
                           String inResponseTo) {
        return encode(spec(sp.acsUrl(), sp.entityId(), issued, signer, signAssertion, signResponse, inResponseTo));
    }

    static SamlResponseSpec spec(String destination, String audience, Instant issued, GeneratedKey signer,
                                 boolean signAssertion, boolean signResponse, String inResponseTo) {
        return new SamlResponseSpec(IDP, destination, audience, inResponseTo,
                new NameId("alice-opaque-id", SamlResponseSpec.NAMEID_PERSISTENT), issued, Duration.ofMinutes(1),
                Duration.ofMinutes(5), issued.minus(Duration.ofMinutes(1)), "_session-1", issued.plus(Duration.ofHours(8)),
                List.of(new Attribute(EMAIL, "mail", SamlResponseSpec.ATTRNAME_URI, List.of("alice@example.com")),
                        new Attribute("groups", null, SamlResponseSpec.ATTRNAME_BASIC, List.of("admins", "developers"))),
                signAssertion, signResponse, SignatureAlgorithm.RSA_SHA256,
                new SigningCredential(null, signer.certificate(), signer.privateKey()));
    }

    static String encode(SamlResponseSpec spec) {
        return Base64.getEncoder().encodeToString(XmlWriter.toBytes(ResponseBuilder.build(spec)));
    }

    static Outcome post(PySaml2Sp sp, String samlResponse, String relayState) throws Exception {
        return sp.postToAcs(samlResponse, relayState);
    }

    static String explain(PySaml2Sp sp, Outcome outcome) {
        return outcome.status() + " " + outcome.body() + "\n" + sp.recentOutput();
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** HTTP-Redirect binding: raw DEFLATE, no zlib header. */
    static byte[] inflate(byte[] deflated) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
