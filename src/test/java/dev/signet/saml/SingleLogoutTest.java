package dev.signet.saml;

import static dev.signet.saml.SamlTestKit.ACS;
import static dev.signet.saml.SamlTestKit.SP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;

/** Single logout: an SP's LogoutRequest ends the session; signing out of Signet tells the session's SPs. */
class SingleLogoutTest {
    static final String PASSWORD = "correct horse battery";
    static final String SLO = "https://sp.example.com/saml/slo";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    static GeneratedKey spKey;

    @BeforeAll
    static void setUp() {
        server.api().createUser("lou", PASSWORD);
        spKey = Certificates.generate(KeyType.RSA_2048, "sp", Duration.ofDays(30), Instant.now());
        SamlTestKit.createSamlApp(server, "slo-app", JsonBodies.json("spEntityId", SP, "acsUrl", ACS, "sloUrl", SLO,
                "sloBinding", "redirect", "spCertificate", Certificates.toPem(spKey.certificate()), "requireSignedRequests", true));
    }

    /** Signs in and gets an assertion for the application: returns the browser, NameID and SessionIndex. */
    private static Object[] signedInWithAssertion() {
        WebClient browser = server.client();
        browser.login("lou", PASSWORD);
        Document response = SamlTestKit.parse(SamlTestKit.decodeResponse(server, browser.get("/application/saml/slo-app/sso/binding/init").body()));
        return new Object[] {browser, SamlTestKit.find(response, "NameID").getTextContent(),
                SamlTestKit.find(response, "AuthnStatement").getAttribute("SessionIndex")};
    }

    private static String logoutRequest(String id, String nameId, String sessionIndex) {
        return "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " ID=\"" + id + "\" Version=\"2.0\" IssueInstant=\"" + server.clock().instant() + "\" Destination=\"" + server.baseUrl()
                + "/application/saml/slo-app/slo/binding/redirect\"><saml:Issuer>" + SP + "</saml:Issuer>"
                + "<saml:NameID Format=\"" + SamlResponseSpec.NAMEID_PERSISTENT + "\">" + nameId + "</saml:NameID>"
                + "<samlp:SessionIndex>" + sessionIndex + "</samlp:SessionIndex></samlp:LogoutRequest>";
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void a_signed_logout_request_from_the_sp_ends_the_session_and_gets_a_signed_logout_response() {
        Object[] s = signedInWithAssertion();
        WebClient browser = (WebClient) s[0];
        String request = logoutRequest("_logout-1", (String) s[1], (String) s[2]);
        String q = RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(request.getBytes(StandardCharsets.UTF_8)), "sp-state",
                SignatureAlgorithm.RSA_SHA256, spKey.privateKey());
        HttpResponse<String> r = browser.get("/application/saml/slo-app/slo/binding/redirect?" + q);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(SLO + "?SAMLResponse=");
        RedirectBinding.verify(URI.create(location).getRawQuery(), "SAMLResponse", List.of(SamlTestKit.metadataCertificate(server, "slo-app")));
        Map<String, String> params = query(location);
        assertThat(params).containsEntry("RelayState", "sp-state");
        byte[] xml = RedirectBinding.decode(params.get("SAMLResponse"), 65536);
        SamlSchema.validate(xml);
        Document answer = XmlParser.parse(xml);
        assertThat(answer.getDocumentElement().getLocalName()).isEqualTo("LogoutResponse");
        assertThat(answer.getDocumentElement().getAttribute("InResponseTo")).isEqualTo("_logout-1");
        assertThat(SamlTestKit.status(answer)[0]).isEqualTo(SamlStatus.SUCCESS);
        assertThat(browser.get("/").statusCode()).as("the Signet session has ended").isEqualTo(302);
    }

    @Test
    void an_unsigned_logout_request_is_refused_when_signatures_are_required_and_the_session_stays() {
        Object[] s = signedInWithAssertion();
        WebClient browser = (WebClient) s[0];
        String q = SamlTestKit.redirectQuery(logoutRequest("_logout-2", (String) s[1], (String) s[2]), null);
        HttpResponse<String> r = browser.get("/application/saml/slo-app/slo/binding/redirect?" + q);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("must be signed");
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void logout_requests_must_be_signed_even_when_authn_requests_need_not_be_and_are_accepted_once() {
        SamlTestKit.createSamlApp(server, "slo-lax", JsonBodies.json("spEntityId", "https://lax-sp.example.com", "acsUrl", ACS,
                "sloUrl", SLO, "spCertificate", Certificates.toPem(spKey.certificate())));
        WebClient browser = server.client();
        browser.login("lou", PASSWORD);
        Document response = SamlTestKit.parse(SamlTestKit.decodeResponse(server, browser.get("/application/saml/slo-lax/sso/binding/init").body()));
        String request = logoutRequest("_logout-lax", SamlTestKit.find(response, "NameID").getTextContent(),
                SamlTestKit.find(response, "AuthnStatement").getAttribute("SessionIndex"))
                .replace(SP, "https://lax-sp.example.com").replace("/slo-app/", "/slo-lax/");
        HttpResponse<String> unsigned = browser.get("/application/saml/slo-lax/slo/binding/redirect?" + SamlTestKit.redirectQuery(request, null));
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(unsigned.body()).contains("must be signed");
        assertThat(browser.get("/").statusCode()).as("an unsigned LogoutRequest ends nothing").isEqualTo(200);

        String signed = RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(request.getBytes(StandardCharsets.UTF_8)), null,
                SignatureAlgorithm.RSA_SHA256, spKey.privateKey());
        assertThat(browser.get("/application/saml/slo-lax/slo/binding/redirect?" + signed).statusCode()).isEqualTo(302);
        HttpResponse<String> replay = browser.get("/application/saml/slo-lax/slo/binding/redirect?" + signed);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("already used");
    }

    @Test
    void after_re_authentication_signing_out_still_reaches_the_sp() {
        Object[] s = signedInWithAssertion();
        WebClient browser = (WebClient) s[0];
        browser.get("/login?reauth&next=%2F");
        server.clock().advance(Duration.ofSeconds(1));
        HttpResponse<String> again = browser.post("/login", Map.of("username", "lou", "password", PASSWORD, "next", "/"));
        assertThat(again.statusCode()).isEqualTo(303);
        browser.get("/");
        HttpResponse<String> out = browser.post("/logout", Map.of());
        assertThat(out.headers().firstValue("Location").orElseThrow()).startsWith("/saml/logout/next?state=");
        String location = browser.get(out.headers().firstValue("Location").orElseThrow()).headers().firstValue("Location").orElseThrow();
        Document request = XmlParser.parse(RedirectBinding.decode(query(location).get("SAMLRequest"), 65536));
        assertThat(SamlTestKit.find(request, "SessionIndex").getTextContent()).isEqualTo(s[2]);
    }

    @Test
    void sign_out_everywhere_on_the_account_page_also_logs_this_browser_out_of_its_sps() {
        Object[] s = signedInWithAssertion();
        WebClient browser = (WebClient) s[0];
        browser.get("/account");
        HttpResponse<String> out = browser.post("/account/sessions/end-all", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        String next = out.headers().firstValue("Location").orElseThrow();
        assertThat(next).startsWith("/saml/logout/next?state=");
        String location = browser.get(next).headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(SLO + "?SAMLRequest=");
        Document request = XmlParser.parse(RedirectBinding.decode(query(location).get("SAMLRequest"), 65536));
        assertThat(SamlTestKit.find(request, "SessionIndex").getTextContent()).isEqualTo(s[2]);
        assertThat(browser.get("/").statusCode()).as("signed out").isEqualTo(302);
    }

    @Test
    void signing_out_of_signet_sends_a_logout_request_to_each_sp_of_the_session() {
        Object[] s = signedInWithAssertion();
        WebClient browser = (WebClient) s[0];
        browser.get("/");
        HttpResponse<String> out = browser.post("/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        String next = out.headers().firstValue("Location").orElseThrow();
        assertThat(next).startsWith("/saml/logout/next?state=");
        HttpResponse<String> toSp = browser.get(next);
        assertThat(toSp.statusCode()).isEqualTo(302);
        String location = toSp.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(SLO + "?SAMLRequest=");
        RedirectBinding.verify(URI.create(location).getRawQuery(), "SAMLRequest", List.of(SamlTestKit.metadataCertificate(server, "slo-app")));
        Map<String, String> params = query(location);
        byte[] xml = RedirectBinding.decode(params.get("SAMLRequest"), 65536);
        SamlSchema.validate(xml);
        Document request = XmlParser.parse(xml);
        assertThat(SamlTestKit.find(request, "NameID").getTextContent()).isEqualTo(s[1]);
        assertThat(SamlTestKit.find(request, "SessionIndex").getTextContent()).isEqualTo(s[2]);
        assertThat(params.get("RelayState").length()).isLessThanOrEqualTo(80);

        // The SP answers; with no other SP left, the browser lands on the signed-out page.
        String response = "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " ID=\"_lr-1\" Version=\"2.0\" IssueInstant=\"" + server.clock().instant() + "\" InResponseTo=\""
                + request.getDocumentElement().getAttribute("ID") + "\"><saml:Issuer>" + SP + "</saml:Issuer><samlp:Status>"
                + "<samlp:StatusCode Value=\"" + SamlStatus.SUCCESS + "\"/></samlp:Status></samlp:LogoutResponse>";
        String q = RedirectBinding.signedQuery("SAMLResponse", RedirectBinding.encode(response.getBytes(StandardCharsets.UTF_8)),
                params.get("RelayState"), SignatureAlgorithm.RSA_SHA256, spKey.privateKey());
        HttpResponse<String> back = browser.get("/application/saml/slo-app/slo/binding/redirect?" + q);
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).hasValue("/login?signed_out");
    }
}
