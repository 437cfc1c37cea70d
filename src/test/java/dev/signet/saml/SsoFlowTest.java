package dev.signet.saml;

import static dev.signet.saml.SamlTestKit.ACS;
import static dev.signet.saml.SamlTestKit.SP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeyType;
import dev.signet.testing.ApiClient;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Web Browser SSO end to end over HTTP: IdP-initiated and SP-initiated, and every AuthnRequest rule. */
class SsoFlowTest {
    static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger APPS = new AtomicInteger();

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    static GeneratedKey spKey;

    @BeforeAll
    static void users() {
        String alice = server.api().createUser("alice", PASSWORD);
        server.api().patch("/users/" + alice, "{\"email\":\"alice@example.com\"}");
        server.api().addMember(server.api().createGroup("engineers"), alice);
        spKey = Certificates.generate(KeyType.RSA_2048, "sp", Duration.ofDays(30), Instant.now());
    }

    private static String newApp(String providerJson) {
        String slug = "app" + APPS.incrementAndGet();
        SamlTestKit.createSamlApp(server, slug, providerJson);
        return slug;
    }

    private static WebClient signedIn() {
        WebClient browser = server.client();
        browser.login("alice", PASSWORD);
        return browser;
    }

    private static Instant now() {
        return server.clock().instant();
    }

    private static int ssoEvents() {
        return server.api().get("/events?type=saml.sso&limit=500").json().get("items").size();
    }

    @Test
    void idp_initiated_response_is_signed_verifiable_with_the_metadata_certificate_and_complete() throws Exception {
        String slug = newApp(SamlTestKit.defaultProvider());
        int before = ssoEvents();
        HttpResponse<String> page = signedIn().get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(ssoEvents()).as("every issued assertion is an audit event").isEqualTo(before + 1);
        assertThat(SamlTestKit.formAction(page.body())).isEqualTo(ACS);
        assertThat(page.body()).contains("<button type=\"submit\"").contains("/static/autopost.js");
        String xml = SamlTestKit.decodeResponse(server, page.body());

        var certificate = SamlTestKit.metadataCertificate(server, slug);
        Xmlsec1.Result response = Xmlsec1.verify(xml, SamlTestKit.RESPONSE_ID, certificate, "/*/*[local-name()='Signature']");
        assertThat(response.verified()).as(response.output()).isTrue();
        Xmlsec1.Result assertion = Xmlsec1.verify(xml, SamlTestKit.ASSERTION_ID, certificate,
                "/*/*[local-name()='Assertion']/*[local-name()='Signature']");
        assertThat(assertion.verified()).as(assertion.output()).isTrue();

        Document doc = SamlTestKit.parse(xml);
        Element root = doc.getDocumentElement();
        String issuer = server.baseUrl() + "/application/saml/" + slug + "/";
        assertThat(root.getAttribute("Destination")).isEqualTo(ACS);
        assertThat(root.hasAttribute("InResponseTo")).isFalse();
        assertThat(SamlTestKit.status(doc)[0]).isEqualTo(SamlStatus.SUCCESS);
        assertThat(doc.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Assertion").getLength()).isEqualTo(1);
        assertThat(SamlTestKit.find(doc, "Issuer").getTextContent()).isEqualTo(issuer);
        Element nameId = SamlTestKit.find(doc, "NameID");
        assertThat(nameId.getAttribute("Format")).isEqualTo(SamlResponseSpec.NAMEID_PERSISTENT);
        assertThat(nameId.getTextContent()).matches("[0-9a-f]{40}").doesNotContain("alice");
        assertThat(doc.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "SubjectConfirmation").getLength()).isEqualTo(1);
        Element confirmationData = SamlTestKit.find(doc, "SubjectConfirmationData");
        assertThat(confirmationData.getAttribute("Recipient")).isEqualTo(ACS);
        assertThat(confirmationData.hasAttribute("InResponseTo")).isFalse();
        Element conditions = SamlTestKit.find(doc, "Conditions");
        Instant notBefore = Instant.parse(conditions.getAttribute("NotBefore"));
        Instant notOnOrAfter = Instant.parse(conditions.getAttribute("NotOnOrAfter"));
        assertThat(Duration.between(notBefore, notOnOrAfter)).isEqualTo(Duration.ofMinutes(6));
        assertThat(SamlTestKit.find(doc, "Audience").getTextContent()).isEqualTo(SP);
        Element authn = SamlTestKit.find(doc, "AuthnStatement");
        assertThat(authn.getAttribute("SessionIndex")).startsWith("_");
        assertThat(Duration.between(Instant.parse(root.getAttribute("IssueInstant")),
                Instant.parse(authn.getAttribute("SessionNotOnOrAfter")))).isEqualTo(Duration.ofHours(8));
        assertThat(SamlTestKit.find(doc, "AuthnContextClassRef").getTextContent())
                .isEqualTo("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
        assertThat(xml).contains("<saml:AttributeValue").contains("alice@example.com").contains(">engineers<");

        // The same user at the same SP keeps the same persistent NameID, in a new session too.
        String again = SamlTestKit.decodeResponse(server, signedIn().get("/application/saml/" + slug + "/sso/binding/init").body());
        assertThat(SamlTestKit.find(SamlTestKit.parse(again), "NameID").getTextContent()).isEqualTo(nameId.getTextContent());
    }

    @Test
    void tampered_responses_fail_independent_verification() throws Exception {
        String slug = newApp(SamlTestKit.defaultProvider());
        String xml = SamlTestKit.decodeResponse(server, signedIn().get("/application/saml/" + slug + "/sso/binding/init").body());
        var certificate = SamlTestKit.metadataCertificate(server, slug);
        String responseSignature = "/*/*[local-name()='Signature']";

        String changedAttribute = xml.replace(">engineers<", ">admins<");
        assertThat(changedAttribute).isNotEqualTo(xml);
        assertThat(Xmlsec1.verify(changedAttribute, SamlTestKit.RESPONSE_ID, certificate, responseSignature).verified()).isFalse();
        assertThat(Xmlsec1.verify(changedAttribute, SamlTestKit.ASSERTION_ID, certificate,
                "/*/*[local-name()='Assertion']/*[local-name()='Signature']").verified()).isFalse();

        Document moved = SamlTestKit.parse(xml);
        Element assertion = SamlTestKit.find(moved, "Assertion");
        Element assertionSignature = (Element) assertion.getElementsByTagNameNS(SamlNames.DSIG_NS, "Signature").item(0);
        assertion.appendChild(assertionSignature);
        String movedXml = new String(XmlWriter.toBytes(moved), StandardCharsets.UTF_8);
        assertThat(Xmlsec1.verify(movedXml, SamlTestKit.RESPONSE_ID, certificate, responseSignature).verified()).isFalse();

        Document doubled = SamlTestKit.parse(xml);
        Element original = SamlTestKit.find(doubled, "Assertion");
        Element forged = (Element) original.cloneNode(true);
        forged.setAttribute("ID", "_forged");
        forged.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "NameID").item(0).setTextContent("attacker");
        doubled.getDocumentElement().insertBefore(forged, original);
        String doubledXml = new String(XmlWriter.toBytes(doubled), StandardCharsets.UTF_8);
        assertThat(Xmlsec1.verify(doubledXml, SamlTestKit.RESPONSE_ID, certificate,
                "/*/*[local-name()='Signature']").verified()).isFalse();
        // The untouched response still verifies: the failures above come from the tampering.
        assertThat(Xmlsec1.verify(xml, SamlTestKit.RESPONSE_ID, certificate, responseSignature).verified()).isTrue();
    }

    @Test
    void persistent_name_ids_differ_between_service_providers() {
        String first = newApp(SamlTestKit.defaultProvider());
        String second = newApp("{\"spEntityId\":\"https://other-sp.example.com\",\"acsUrl\":\"" + ACS + "\"}");
        WebClient browser = signedIn();
        String a = SamlTestKit.find(SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                browser.get("/application/saml/" + first + "/sso/binding/init").body())), "NameID").getTextContent();
        String b = SamlTestKit.find(SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                browser.get("/application/saml/" + second + "/sso/binding/init").body())), "NameID").getTextContent();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void portal_launch_of_a_saml_application_goes_to_idp_initiated_sso() {
        String slug = newApp(SamlTestKit.defaultProvider());
        HttpResponse<String> launch = signedIn().get("/application/launch/" + slug);
        assertThat(launch.statusCode()).isEqualTo(302);
        assertThat(launch.headers().firstValue("Location")).hasValue("/application/saml/" + slug + "/sso/binding/init");
    }

    @Test
    void idp_initiated_without_a_session_goes_to_login_and_back() {
        String slug = newApp(SamlTestKit.defaultProvider());
        HttpResponse<String> r = server.client().get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow())
                .startsWith("/login?next=" + URLEncoder.encode("/application/saml/" + slug + "/sso/binding/init", StandardCharsets.UTF_8));
    }

    @Test
    void aws_settings_sign_the_assertion_only_and_send_the_default_relay_state() throws Exception {
        String slug = newApp("{\"spEntityId\":\"urn:amazon:webservices\",\"acsUrl\":\"https://signin.aws.amazon.com/saml\","
                + "\"signResponse\":false,\"defaultRelayState\":\"https://console.aws.amazon.com/ec2/\"}");
        String html = signedIn().get("/application/saml/" + slug + "/sso/binding/init").body();
        assertThat(SamlTestKit.formFields(html)).containsEntry("RelayState", "https://console.aws.amazon.com/ec2/");
        String xml = SamlTestKit.decodeResponse(server, html);
        assertThat(xml).containsOnlyOnce("<ds:SignatureValue");
        Xmlsec1.Result assertion = Xmlsec1.verify(xml, SamlTestKit.ASSERTION_ID, SamlTestKit.metadataCertificate(server, slug));
        assertThat(assertion.verified()).as(assertion.output()).isTrue();
    }

    @Test
    void sp_initiated_redirect_binding_answers_the_request_with_its_relay_state() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-redirect-1", SP, now(), Map.of(), null);
        HttpResponse<String> page = signedIn().get("/application/saml/" + slug + "/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(request, "state-42"));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(SamlTestKit.formFields(page.body())).containsEntry("RelayState", "state-42");
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body()));
        assertThat(doc.getDocumentElement().getAttribute("InResponseTo")).isEqualTo("_req-redirect-1");
        assertThat(SamlTestKit.find(doc, "SubjectConfirmationData").getAttribute("InResponseTo")).isEqualTo("_req-redirect-1");
    }

    @Test
    void sp_initiated_post_binding_continues_with_a_get_and_answers() {
        String slug = newApp(SamlTestKit.defaultProvider());
        WebClient browser = signedIn();
        String request = SamlTestKit.authnRequest("_req-post-1", SP, now(),
                Map.of("Destination", server.baseUrl() + "/application/saml/" + slug + "/sso/binding/post"), null);
        HttpResponse<String> posted = browser.postRaw("/application/saml/" + slug + "/sso/binding/post", "SAMLRequest="
                + URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8) + "&RelayState=rs");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        String next = posted.headers().firstValue("Location").orElseThrow().substring(server.baseUrl().length());
        HttpResponse<String> page = browser.get(next);
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body()));
        assertThat(doc.getDocumentElement().getAttribute("InResponseTo")).isEqualTo("_req-post-1");
        assertThat(SamlTestKit.formFields(page.body())).containsEntry("RelayState", "rs");
    }

    @Test
    void sp_initiated_without_a_session_signs_in_first_then_answers() {
        String slug = newApp(SamlTestKit.defaultProvider());
        WebClient browser = server.client();
        String request = SamlTestKit.authnRequest("_req-login-1", SP, now(), Map.of(), null);
        HttpResponse<String> first = browser.get("/application/saml/" + slug + "/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(request, null));
        assertThat(first.statusCode()).isEqualTo(302);
        String login = first.headers().firstValue("Location").orElseThrow();
        assertThat(login).startsWith("/login?next=");
        browser.get(login);
        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", "alice", "password", PASSWORD,
                "next", java.net.URLDecoder.decode(login.substring("/login?next=".length()), StandardCharsets.UTF_8)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        HttpResponse<String> page = browser.get(signedIn.headers().firstValue("Location").orElseThrow());
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body()));
        assertThat(doc.getDocumentElement().getAttribute("InResponseTo")).isEqualTo("_req-login-1");
    }

    @Test
    void force_authn_asks_for_the_password_again_even_with_a_session() {
        String slug = newApp(SamlTestKit.defaultProvider());
        WebClient browser = signedIn();
        server.clock().advance(Duration.ofSeconds(5));
        String request = SamlTestKit.authnRequest("_req-force-1", SP, now(), Map.of("ForceAuthn", "true"), null);
        HttpResponse<String> r = browser.get("/application/saml/" + slug + "/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(request, null));
        assertThat(r.statusCode()).isEqualTo(302);
        String login = r.headers().firstValue("Location").orElseThrow();
        assertThat(login).startsWith("/login?reauth&next=");
        HttpResponse<String> form = browser.get(login);
        assertThat(form.body()).contains("sign in again");
        String next = java.net.URLDecoder.decode(login.substring("/login?reauth&next=".length()), StandardCharsets.UTF_8);
        server.clock().advance(Duration.ofSeconds(1));
        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", "alice", "password", PASSWORD, "next", next));
        HttpResponse<String> page = browser.get(signedIn.headers().firstValue("Location").orElseThrow());
        assertThat(SamlTestKit.status(SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body())))[0]).isEqualTo(SamlStatus.SUCCESS);
    }

    @Test
    void is_passive_without_a_session_answers_no_passive_and_issues_nothing() {
        String slug = newApp(SamlTestKit.defaultProvider());
        int before = ssoEvents();
        String request = SamlTestKit.authnRequest("_req-passive-1", SP, now(), Map.of("IsPassive", "true"), null);
        HttpResponse<String> page = server.client().get("/application/saml/" + slug + "/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(request, null));
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body()));
        assertThat(SamlTestKit.status(doc)).containsExactly(SamlStatus.RESPONDER, SamlStatus.NO_PASSIVE);
        assertThat(doc.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Assertion").getLength()).isZero();
        assertThat(doc.getDocumentElement().getAttribute("InResponseTo")).isEqualTo("_req-passive-1");
        assertThat(ssoEvents()).isEqualTo(before);
    }

    @Test
    void unsupported_name_id_format_answers_invalid_name_id_policy() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-nameid-1", SP, now(), Map.of(),
                "<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName\"/>");
        Document doc = statusAnswer(slug, request);
        assertThat(SamlTestKit.status(doc)).containsExactly(SamlStatus.REQUESTER, SamlStatus.INVALID_NAMEID_POLICY);
    }

    @Test
    void a_saml_1_request_gets_version_mismatch() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-version-1", SP, now(), Map.of("Version", "1.1"), null);
        assertThat(SamlTestKit.status(statusAnswer(slug, request))).containsExactly(SamlStatus.VERSION_MISMATCH, SamlStatus.REQUEST_UNSUPPORTED);
    }

    @Test
    void an_attribute_value_xml_cannot_carry_gets_a_clear_page_and_no_assertion() {
        String user = server.api().createUser("ctrl-char", PASSWORD);
        server.api().patch("/users/" + user, "{\"attributes\":{\"dept\":\"R\\u0001D\"}}");
        ApiClient.Response mapping = server.api().post("/property-mappings", JsonBodies.json("name", "dept-ctrl-char", "samlName", "dept",
                "expression", "user.attributes.dept"));
        assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
        String slug = newApp("{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"propertyMappings\":[\"dept-ctrl-char\"]}");
        WebClient browser = server.client();
        browser.login("ctrl-char", PASSWORD);
        int before = ssoEvents();
        HttpResponse<String> page = browser.get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("control characters").doesNotContain("SAMLResponse");
        assertThat(ssoEvents()).isEqualTo(before);
    }

    @Test
    void a_relay_state_in_a_link_from_another_site_is_not_passed_on() {
        String slug = newApp(SamlTestKit.defaultProvider());
        WebClient browser = signedIn();
        String path = "/application/saml/" + slug + "/sso/binding/init?RelayState=https%3A%2F%2Fevil.example.com%2F";
        HttpResponse<String> crossSite = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + path))
                .header("Sec-Fetch-Site", "cross-site").build());
        assertThat(SamlTestKit.formFields(crossSite.body())).containsKey("SAMLResponse").doesNotContainKey("RelayState");
        HttpResponse<String> sameOrigin = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + path))
                .header("Sec-Fetch-Site", "same-origin").build());
        assertThat(SamlTestKit.formFields(sameOrigin.body())).containsEntry("RelayState", "https://evil.example.com/");
    }

    @Test
    void stale_issue_instant_is_refused_with_a_status_response() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-stale-1", SP, now().minus(Duration.ofMinutes(10)), Map.of(), null);
        assertThat(SamlTestKit.status(statusAnswer(slug, request))).containsExactly(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED);
    }

    @Test
    void wrong_destination_is_refused_with_a_status_response() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-dest-1", SP, now(), Map.of("Destination", "https://evil.example.com/sso"), null);
        assertThat(SamlTestKit.status(statusAnswer(slug, request))).containsExactly(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED);
    }

    @Test
    void a_replayed_request_id_is_refused() {
        String slug = newApp(SamlTestKit.defaultProvider());
        WebClient browser = signedIn();
        String query = SamlTestKit.redirectQuery(SamlTestKit.authnRequest("_req-replay-1", SP, now(), Map.of(), null), null);
        String first = SamlTestKit.decodeResponse(server, browser.get("/application/saml/" + slug + "/sso/binding/redirect?" + query).body());
        assertThat(SamlTestKit.status(SamlTestKit.parse(first))[0]).isEqualTo(SamlStatus.SUCCESS);
        int before = ssoEvents();
        Document replay = SamlTestKit.parse(SamlTestKit.decodeResponse(server, 
                browser.get("/application/saml/" + slug + "/sso/binding/redirect?" + query).body()));
        assertThat(SamlTestKit.status(replay)).containsExactly(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED);
        assertThat(replay.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Assertion").getLength()).isZero();
        assertThat(ssoEvents()).isEqualTo(before);
    }

    @Test
    void wrong_issuer_gets_an_error_page_and_an_audit_event_never_a_post() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-issuer-1", "https://other-sp.example.com", now(), Map.of(), null);
        assertRefusedWithPage(slug, SamlTestKit.redirectQuery(request, null), "other-sp.example.com");
        assertThat(server.api().get("/events?type=saml.request.rejected&limit=500").body()).contains("wrong-issuer");
    }

    @Test
    void unregistered_acs_url_gets_an_error_page_never_a_post_to_it() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-acs-1", SP, now(),
                Map.of("AssertionConsumerServiceURL", "https://attacker.example.com/collect"), null);
        HttpResponse<String> page = assertRefusedWithPage(slug, SamlTestKit.redirectQuery(request, null), "not a registered ACS URL");
        assertThat(page.body()).doesNotContain("action=\"https://attacker.example.com");
    }

    @Test
    void malformed_messages_get_error_pages() {
        String slug = newApp(SamlTestKit.defaultProvider());
        assertRefusedWithPage(slug, "SAMLRequest=%25%25not-base64", "not valid base64");
        String notDeflated = java.util.Base64.getEncoder().encodeToString("<samlp:AuthnRequest/>".getBytes(StandardCharsets.UTF_8));
        assertRefusedWithPage(slug, "SAMLRequest=" + URLEncoder.encode(notDeflated, StandardCharsets.UTF_8), "DEFLATE");
        String huge = RedirectBinding.encode(new byte[2 * 1024 * 1024]);
        assertRefusedWithPage(slug, "SAMLRequest=" + URLEncoder.encode(huge, StandardCharsets.UTF_8), "larger than");
        String doctype = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + SamlTestKit.authnRequest("_req-dtd", SP, now(), Map.of(), null);
        assertRefusedWithPage(slug, SamlTestKit.redirectQuery(doctype, null), "DTD");
        assertRefusedWithPage(slug, "RelayState=x", "no SAMLRequest");
        String deep = SamlTestKit.authnRequest("_req-deep", SP, now(), Map.of(), null)
                .replace("<saml:Issuer>", "<saml:Issuer>" + "<a>".repeat(5000)).replace("</saml:Issuer>", "</a>".repeat(5000) + "</saml:Issuer>");
        assertRefusedWithPage(slug, SamlTestKit.redirectQuery(deep, null), "deeper than");
        assertRefusedWithPage(slug, SamlTestKit.redirectQuery(SamlTestKit.authnRequest("_req-rs", SP, now(), Map.of(), null),
                "r".repeat(81)), "80 bytes");
        HttpResponse<String> unknown = signedIn().get("/application/saml/no-such-app/sso/binding/redirect?SAMLRequest=x");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no-such-app");
    }

    @Test
    void signed_redirect_request_verifies_with_the_registered_sp_certificate() {
        String slug = newApp(signedRequestsProvider());
        String request = SamlTestKit.authnRequest("_req-signed-1", SP, now(), Map.of("Destination", endpoint(slug, "redirect")), null);
        String query = RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(request.getBytes(StandardCharsets.UTF_8)),
                "rs", SignatureAlgorithm.RSA_SHA256, spKey.privateKey());
        HttpResponse<String> page = signedIn().get("/application/saml/" + slug + "/sso/binding/redirect?" + query);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(SamlTestKit.status(SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body())))[0]).isEqualTo(SamlStatus.SUCCESS);
    }

    @Test
    void signed_post_request_verifies_and_a_forged_one_is_refused() {
        String slug = newApp(signedRequestsProvider());
        WebClient browser = signedIn();
        assertThat(postSigned(browser, slug, "_req-xmlsig-1", spKey).statusCode()).isEqualTo(303);
        GeneratedKey attacker = Certificates.generate(KeyType.RSA_2048, "sp", Duration.ofDays(30), Instant.now());
        HttpResponse<String> forged = postSigned(browser, slug, "_req-xmlsig-2", attacker);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("signature");
    }

    @Test
    void bad_signature_and_missing_signature_are_refused_when_signatures_are_required() {
        String slug = newApp(signedRequestsProvider());
        int before = ssoEvents();
        String request = SamlTestKit.authnRequest("_req-bad-1", SP, now(), Map.of(), null);
        GeneratedKey attacker = Certificates.generate(KeyType.RSA_2048, "sp", Duration.ofDays(30), Instant.now());
        String forged = RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(request.getBytes(StandardCharsets.UTF_8)),
                null, SignatureAlgorithm.RSA_SHA256, attacker.privateKey());
        assertRefusedWithPage(slug, forged, "signature");
        assertRefusedWithPage(slug, SamlTestKit.redirectQuery(request, null), "must be signed");
        String tampered = RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(request.getBytes(StandardCharsets.UTF_8)),
                "original", SignatureAlgorithm.RSA_SHA256, spKey.privateKey()).replace("RelayState=original", "RelayState=changed");
        assertRefusedWithPage(slug, tampered, "signature");
        assertThat(ssoEvents()).isEqualTo(before);
    }

    private String signedRequestsProvider() {
        return dev.signet.testing.JsonBodies.json("spEntityId", SP, "acsUrl", ACS, "requireSignedRequests", true,
                "spCertificate", Certificates.toPem(spKey.certificate()));
    }

    private HttpResponse<String> postSigned(WebClient browser, String slug, String id, GeneratedKey key) {
        Document doc = SamlTestKit.parse(SamlTestKit.authnRequest(id, SP, now(), Map.of("Destination", endpoint(slug, "post")), null));
        XmlSigner.sign(doc.getDocumentElement(), SignatureAlgorithm.RSA_SHA256, key.privateKey(), key.certificate());
        String encoded = java.util.Base64.getEncoder().encodeToString(XmlWriter.toBytes(doc));
        return browser.postRaw("/application/saml/" + slug + "/sso/binding/post",
                "SAMLRequest=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8));
    }

    private static String endpoint(String slug, String binding) {
        return server.baseUrl() + "/application/saml/" + slug + "/sso/binding/" + binding;
    }

    @Test
    void a_signed_request_without_destination_is_refused() {
        String slug = newApp(signedRequestsProvider());
        String request = SamlTestKit.authnRequest("_req-nodest-1", SP, now(), Map.of(), null);
        String query = RedirectBinding.signedQuery("SAMLRequest", RedirectBinding.encode(request.getBytes(StandardCharsets.UTF_8)),
                null, SignatureAlgorithm.RSA_SHA256, spKey.privateKey());
        int before = ssoEvents();
        Document answer = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                signedIn().get("/application/saml/" + slug + "/sso/binding/redirect?" + query).body()));
        assertThat(SamlTestKit.status(answer)).containsExactly(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED);
        assertThat(ssoEvents()).isEqualTo(before);
    }

    @Test
    void a_continue_link_answers_once() {
        String slug = newApp(SamlTestKit.defaultProvider());
        WebClient browser = signedIn();
        String request = SamlTestKit.authnRequest("_req-once-1", SP, now(), Map.of(), null);
        HttpResponse<String> posted = browser.postRaw("/application/saml/" + slug + "/sso/binding/post", "SAMLRequest="
                + URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
        String next = posted.headers().firstValue("Location").orElseThrow().substring(server.baseUrl().length());
        assertThat(SamlTestKit.status(SamlTestKit.parse(SamlTestKit.decodeResponse(server, browser.get(next).body())))[0])
                .isEqualTo(SamlStatus.SUCCESS);
        HttpResponse<String> again = browser.get(next);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("already answered").doesNotContain("SAMLResponse");
    }

    @Test
    void a_request_for_a_redirect_response_gets_unsupported_binding() {
        String slug = newApp(SamlTestKit.defaultProvider());
        String request = SamlTestKit.authnRequest("_req-binding-1", SP, now(),
                Map.of("ProtocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"), null);
        assertThat(SamlTestKit.status(statusAnswer(slug, request))).containsExactly(SamlStatus.REQUESTER, SamlStatus.UNSUPPORTED_BINDING);
    }

    private Document statusAnswer(String slug, String request) {
        int before = ssoEvents();
        HttpResponse<String> page = signedIn().get("/application/saml/" + slug + "/sso/binding/redirect?"
                + SamlTestKit.redirectQuery(request, null));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(SamlTestKit.formAction(page.body())).isEqualTo(ACS);
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server, page.body()));
        assertThat(doc.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "Assertion").getLength()).isZero();
        assertThat(ssoEvents()).isEqualTo(before);
        return doc;
    }

    private HttpResponse<String> assertRefusedWithPage(String slug, String query, String expectedText) {
        int before = ssoEvents();
        HttpResponse<String> page = signedIn().get("/application/saml/" + slug + "/sso/binding/redirect?" + query);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains(expectedText).doesNotContain("SAMLResponse");
        assertThat(ssoEvents()).isEqualTo(before);
        return page;
    }
}
