package dev.signet.awsemulator;

import static dev.signet.awsemulator.EmulatorFixture.ADMINS;
import static dev.signet.awsemulator.EmulatorFixture.PROVIDER;
import static dev.signet.awsemulator.EmulatorFixture.READERS;
import static dev.signet.awsemulator.EmulatorFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console sign-in endpoint, POST /saml, over real HTTP: what AWS's sign-in page would answer. */
class AwsEmulatorConsoleTest {
    private final EmulatorFixture aws = new EmulatorFixture();

    @AfterEach
    void stop() {
        aws.close();
    }

    private void assertRefused(TestSamlResponse response, int status, String code, String message) {
        EmulatorFixture.Answer answer = aws.signIn(response.base64());
        assertThat(answer.outcome()).as(answer.body().toString()).isEqualTo("error");
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.message()).isEqualTo(message);
    }

    @Test
    void one_role_signs_in_with_the_identity_as_json() {
        EmulatorFixture.Answer answer = aws.signIn(aws.response().attribute("SourceIdentity", "alice@example.test").base64());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().toString()).isEqualTo("{\"outcome\":\"signed-in\",\"account\":\"111122223333\","
                + "\"roleArn\":\"" + ADMINS + "\",\"sessionName\":\"alice\",\"sessionDurationSeconds\":3600,"
                + "\"sourceIdentity\":\"alice@example.test\",\"principalTags\":{},\"destination\":\"https://console.aws.amazon.com/\"}");
    }

    @Test
    void relay_state_with_a_console_url_becomes_the_destination_and_session_duration_is_capped_by_the_role() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Admins", EmulatorFixture.trustPolicy(PROVIDER, null), 7200);
        EmulatorFixture.Answer answer = aws.signIn(form("SAMLResponse", aws.response().attribute("SessionDuration", "43200").base64(),
                "RelayState", "https://us-east-2.console.aws.amazon.com/ec2/"));

        assertThat(answer.body().path("destination").asText()).isEqualTo("https://us-east-2.console.aws.amazon.com/ec2/");
        assertThat(answer.body().path("sessionDurationSeconds").asLong()).isEqualTo(7200);
    }

    @Test
    void session_not_on_or_after_caps_the_session() {
        TestSamlResponse response = aws.response().attribute("SessionDuration", "3600");
        response.sessionNotOnOrAfter = aws.clock.instant().plus(Duration.ofMinutes(20));

        assertThat(aws.signIn(response.base64()).body().path("sessionDurationSeconds").asLong()).isEqualTo(1200);
    }

    @Test
    void several_roles_show_the_picker_and_the_chosen_role_signs_in_once() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Readers", EmulatorFixture.trustPolicy(PROVIDER, null), null);
        String samlResponse = aws.response().roles(ADMINS + "," + PROVIDER, PROVIDER + "," + READERS).base64();

        EmulatorFixture.Answer picker = aws.signIn(samlResponse);
        assertThat(picker.outcome()).isEqualTo("choose-role");
        assertThat(picker.body().path("roles").findValuesAsText("roleArn")).containsExactly(ADMINS, READERS);
        assertThat(picker.body().path("roles").get(1).path("providerArn").asText()).isEqualTo(PROVIDER);

        EmulatorFixture.Answer chosen = aws.signIn(form("SAMLResponse", samlResponse, "roleIndex", READERS));
        assertThat(chosen.outcome()).as(chosen.body().toString()).isEqualTo("signed-in");
        assertThat(chosen.body().path("roleArn").asText()).isEqualTo(READERS);

        EmulatorFixture.Answer again = aws.signIn(form("SAMLResponse", samlResponse, "roleArn", ADMINS));
        assertThat(again.outcome()).isEqualTo("error");
        assertThat(again.body().path("detail").asText()).contains("already used");
    }

    @Test
    void the_picker_lists_only_roles_that_can_be_assumed_and_refuses_others() {
        String samlResponse = aws.response().roles(ADMINS + "," + PROVIDER, READERS + "," + PROVIDER).base64();

        EmulatorFixture.Answer picker = aws.signIn(samlResponse);
        assertThat(picker.body().path("roles").findValuesAsText("roleArn")).containsExactly(ADMINS);
        EmulatorFixture.Answer refused = aws.signIn(form("SAMLResponse", samlResponse, "roleIndex", READERS));
        assertThat(refused.code()).isEqualTo("AccessDenied");
    }

    @Test
    void the_picker_page_in_html_posts_the_response_back_with_role_index() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Readers", EmulatorFixture.trustPolicy(PROVIDER, null), null);
        String samlResponse = aws.response().roles(ADMINS + "," + PROVIDER, READERS + "," + PROVIDER).base64();

        HttpResponse<String> page = aws.postForm("/saml", form("SAMLResponse", samlResponse, "RelayState", "x"), "text/html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("name=\"roleIndex\" value=\"" + READERS + "\"", "name=\"SAMLResponse\" value=\"" + samlResponse + "\"",
                "name=\"RelayState\" value=\"x\"");
    }

    @Test
    void a_replayed_response_is_refused() {
        String samlResponse = aws.response().base64();
        assertThat(aws.signIn(samlResponse).outcome()).isEqualTo("signed-in");

        EmulatorFixture.Answer replay = aws.signIn(samlResponse);
        assertThat(replay.code()).isEqualTo("InvalidIdentityToken");
        assertThat(replay.body().path("detail").asText()).contains("replay");
    }

    @Test
    void error_page_in_html_shows_aws_text() {
        TestSamlResponse response = aws.response();
        response.issuer = "https://evil.example.test";

        HttpResponse<String> page = aws.postForm("/saml", form("SAMLResponse", response.base64()), "text/html");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Your request included an invalid SAML response. To logout, click",
                "Issuer not present in specified provider");
    }

    @Test
    void a_tampered_attribute_value_breaks_the_signature() {
        String tampered = aws.response().xml().replace(">alice</saml:AttributeValue>", ">mallory</saml:AttributeValue>");
        assertThat(tampered).contains("mallory");

        EmulatorFixture.Answer answer = aws.signIn(TestSamlResponse.base64(tampered));
        assertThat(answer.code()).isEqualTo("InvalidIdentityToken");
        assertThat(answer.message()).isEqualTo("Response signature invalid");
    }

    @Test
    void a_response_signed_by_another_key_is_refused() {
        TestSamlResponse response = new TestSamlResponse(TestIdp.OTHER.withEntityId(TestIdp.DEFAULT.entityId()), aws.clock.instant())
                .roles(ADMINS + "," + PROVIDER);
        assertRefused(response, 400, "InvalidIdentityToken", "Response signature invalid");
    }

    @Test
    void an_unsigned_assertion_is_refused() {
        assertRefused(aws.response().with(r -> {
            r.signAssertion = false;
            return r;
        }), 400, "InvalidIdentityToken", "Response signature invalid");
    }

    @Test
    void a_signed_response_around_an_unsigned_assertion_is_accepted_unless_strict() {
        TestSamlResponse response = aws.response();
        response.signAssertion = false;
        response.signResponse = true;
        assertThat(aws.signIn(response.base64()).outcome()).isEqualTo("signed-in");

        try (EmulatorFixture strict = new EmulatorFixture(o -> o.withStrict(true))) {
            TestSamlResponse again = strict.response();
            again.signAssertion = false;
            again.signResponse = true;
            EmulatorFixture.Answer answer = strict.signIn(again.base64());
            assertThat(answer.message()).isEqualTo("Response signature invalid");
            assertThat(answer.body().path("detail").asText()).contains("strict");
        }
    }

    @Test
    void sha1_signatures_are_accepted_unless_strict() {
        TestSamlResponse response = aws.response();
        response.signatureMethod = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
        assertThat(aws.signIn(response.base64()).outcome()).as("lenient").isEqualTo("signed-in");

        try (EmulatorFixture strict = new EmulatorFixture(o -> o.withStrict(true))) {
            TestSamlResponse again = strict.response();
            again.signatureMethod = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
            assertThat(strict.signIn(again.base64()).message()).isEqualTo("Response signature invalid");
        }
    }

    @Test
    void wrong_issuer() {
        TestSamlResponse response = aws.response();
        response.issuer = "https://evil.example.test";
        assertRefused(response, 400, "InvalidIdentityToken", "Issuer not present in specified provider");
    }

    @Test
    void wrong_audience() {
        TestSamlResponse response = aws.response();
        response.audience = "https://sp.example.test";
        assertRefused(response, 400, "InvalidIdentityToken", "Invalid Audience in AuthnResponse");
    }

    @Test
    void wrong_recipient() {
        TestSamlResponse response = aws.response();
        response.recipient = "https://eu-west-1.signin.aws.amazon.com/saml";
        response.destination = null;
        assertRefused(response, 400, "InvalidIdentityToken", "Invalid Recipient in AuthnResponse");
    }

    @Test
    void regional_recipient_is_accepted_when_configured_and_then_seen_by_the_trust_policy() {
        try (EmulatorFixture regional = new EmulatorFixture(o -> o.withAcceptRegional(true))) {
            TestSamlResponse response = regional.response();
            response.recipient = "https://eu-west-1.signin.aws.amazon.com/saml";
            response.destination = "https://eu-west-1.signin.aws.amazon.com/saml";
            // The default trust policy only allows SAML:aud = the global sign-in URL.
            assertThat(regional.signIn(response.base64()).code()).isEqualTo("AccessDenied");

            regional.putRole(EmulatorFixture.ACCOUNT, "Admins", EmulatorFixture.trustPolicy(PROVIDER,
                    "{\"StringLike\":{\"saml:AUD\":\"https://*signin.aws.amazon.com/saml\"}}"), null);
            TestSamlResponse fresh = regional.response();
            fresh.recipient = "https://eu-west-1.signin.aws.amazon.com/saml";
            assertThat(regional.signIn(fresh.base64()).outcome()).isEqualTo("signed-in");
        }
    }

    @Test
    void wrong_destination() {
        TestSamlResponse response = aws.response();
        response.destination = "https://sp.example.test/acs";
        assertRefused(response, 400, "InvalidIdentityToken", "Invalid SAML response");
    }

    @Test
    void expired_response() {
        TestSamlResponse response = aws.response();
        response.notOnOrAfter = response.issueInstant.plus(Duration.ofMinutes(2));
        String samlResponse = response.base64();
        // past NotOnOrAfter plus the 60 s skew, still within 5 minutes of IssueInstant
        aws.clock.advance(Duration.ofSeconds(200));

        EmulatorFixture.Answer answer = aws.signIn(samlResponse);
        assertThat(answer.code()).isEqualTo("ExpiredTokenException");
        assertThat(answer.message()).isEqualTo("Response has expired");
    }

    @Test
    void within_clock_skew_is_still_accepted() {
        String samlResponse = aws.response().base64();
        aws.clock.advance(Duration.ofMinutes(5).plusSeconds(30));

        assertThat(aws.signIn(samlResponse).outcome()).isEqualTo("signed-in");
    }

    @Test
    void more_than_five_minutes_after_issue_instant() {
        TestSamlResponse response = aws.response();
        response.notOnOrAfter = response.issueInstant.plus(Duration.ofHours(1));
        String samlResponse = response.base64();
        aws.clock.advance(Duration.ofMinutes(7));

        EmulatorFixture.Answer answer = aws.signIn(samlResponse);
        assertThat(answer.code()).isEqualTo("ExpiredTokenException");
        assertThat(answer.message()).isEqualTo("Token must be redeemed within 5 minutes of issuance");
    }

    @Test
    void missing_name_id() {
        TestSamlResponse response = aws.response();
        response.nameId = null;
        assertRefused(response, 403, "AccessDenied", "NameID is required in AuthnResponse");
    }

    @Test
    void role_session_name_with_a_space() {
        assertRefused(aws.response().attribute("RoleSessionName", "Alice Smith"), 400, "InvalidIdentityToken",
                "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
    }

    @Test
    void missing_role_session_name() {
        assertRefused(aws.response().without("RoleSessionName"), 400, "InvalidIdentityToken",
                "RoleSessionName is required in AuthnResponse");
    }

    @Test
    void session_duration_out_of_range() {
        assertRefused(aws.response().attribute("SessionDuration", "600"), 400, "InvalidIdentityToken",
                "SessionDuration in AuthnResponse must be an integer between 900 and 43200");
        assertRefused(aws.response().attribute("SessionDuration", "43201"), 400, "InvalidIdentityToken",
                "SessionDuration in AuthnResponse must be an integer between 900 and 43200");
    }

    @Test
    void source_identity_starting_with_aws_is_refused() {
        assertThat(aws.signIn(aws.response().attribute("SourceIdentity", "aws:alice").base64()).message())
                .startsWith("SourceIdentity in AuthnResponse must match");
    }

    @Test
    void principal_tags_reach_the_session_when_the_trust_policy_allows_tag_session() {
        EmulatorFixture.Answer answer = aws.signIn(aws.response().attribute("PrincipalTag:Department", "Engineering")
                .attribute("TransitiveTagKeys", "Department").base64());

        assertThat(answer.body().path("principalTags").toString()).isEqualTo("{\"Department\":\"Engineering\"}");
    }

    @Test
    void principal_tag_keys_differing_only_in_case_are_refused() {
        EmulatorFixture.Answer answer = aws.signIn(aws.response().attribute("PrincipalTag:Dept", "A")
                .attribute("PrincipalTag:dept", "B").base64());
        assertThat(answer.message()).isEqualTo("Invalid PrincipalTag in AuthnResponse");
        assertThat(answer.body().path("detail").asText()).contains("case-insensitive");
    }

    @Test
    void principal_tag_rules() {
        assertRefused(aws.response().attribute("PrincipalTag:aws:team", "x"), 400, "InvalidIdentityToken", "Invalid PrincipalTag in AuthnResponse");
        assertRefused(aws.response().attribute("PrincipalTag:Team", "a", "b"), 400, "InvalidIdentityToken", "Invalid PrincipalTag in AuthnResponse");
        assertRefused(aws.response().attribute("PrincipalTag:Team", "semi;colon"), 400, "InvalidIdentityToken", "Invalid PrincipalTag in AuthnResponse");
        assertRefused(aws.response().attribute("PrincipalTag:Team", "x").attribute("TransitiveTagKeys", "Cost"), 400,
                "InvalidIdentityToken", "Invalid TransitiveTagKeys in AuthnResponse");
    }

    @Test
    void tags_need_sts_tag_session_in_the_trust_policy() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Admins", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":[\"" + PROVIDER + "\"]},\"Action\":\"sts:AssumeRoleWithSAML\"}}", null);
        assertThat(aws.signIn(aws.response().base64()).outcome()).isEqualTo("signed-in");

        EmulatorFixture.Answer answer = aws.signIn(aws.response().attribute("PrincipalTag:Department", "Engineering").base64());
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("AccessDenied");
        assertThat(answer.message()).isEqualTo("Not authorized to perform sts:AssumeRoleWithSAML");
        assertThat(answer.body().path("detail").asText()).contains("sts:TagSession");
    }

    @Test
    void trust_policy_refusing_by_saml_aud_condition() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Admins", EmulatorFixture.trustPolicy(PROVIDER,
                "{\"StringEquals\":{\"SAML:aud\":\"https://us-east-1.signin.aws.amazon.com/saml\"}}"), null);
        assertRefused(aws.response(), 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML");
    }

    @Test
    void non_success_status() {
        TestSamlResponse response = aws.response();
        response.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder";
        EmulatorFixture.Answer answer = aws.signIn(response.base64());
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("IDPRejectedClaim");
    }

    @Test
    void two_assertions() {
        TestSamlResponse response = aws.response();
        String xml = response.xml();
        String signedAssertion = xml.substring(xml.indexOf("<saml:Assertion"), xml.indexOf("</saml:Assertion>") + "</saml:Assertion>".length());
        String twice = xml.replace("</samlp:Response>", signedAssertion.replace(response.assertionId, "_other") + "</samlp:Response>");

        EmulatorFixture.Answer answer = aws.signIn(TestSamlResponse.base64(twice));
        assertThat(answer.message()).isEqualTo("Invalid SAML response");
        assertThat(answer.body().path("detail").asText()).contains("exactly one Assertion");
    }

    @Test
    void a_dtd_is_refused() {
        String withDtd = "<!DOCTYPE samlp:Response [<!ENTITY name \"alice\">]>" + aws.response().xml();

        EmulatorFixture.Answer answer = aws.signIn(TestSamlResponse.base64(withDtd));
        assertThat(answer.code()).isEqualTo("InvalidIdentityToken");
        assertThat(answer.body().path("detail").asText()).contains("DTD");
    }

    @Test
    void signature_wrapping_with_the_signed_assertion_hidden_inside_a_forged_one_is_refused() {
        TestSamlResponse genuine = aws.response();
        String xml = genuine.xml();
        String signedAssertion = xml.substring(xml.indexOf("<saml:Assertion"), xml.indexOf("</saml:Assertion>") + "</saml:Assertion>".length());
        TestSamlResponse forged = aws.response().attribute("RoleSessionName", "mallory");
        forged.assertionId = "_forged";
        String forgedAssertion = forged.assertionXml().replace("</saml:Subject>",
                "</saml:Subject><saml:Advice>" + signedAssertion + "</saml:Advice>");
        String wrapped = xml.replace(signedAssertion, forgedAssertion);

        EmulatorFixture.Answer answer = aws.signIn(TestSamlResponse.base64(wrapped));
        assertThat(answer.outcome()).isEqualTo("error");
        assertThat(answer.code()).isEqualTo("InvalidIdentityToken");
        assertThat(answer.body().path("detail").asText()).contains("exactly one Assertion, found 2");
    }

    @Test
    void signature_wrapping_with_a_signature_moved_onto_a_forged_assertion_is_refused() {
        TestSamlResponse genuine = aws.response();
        String xml = genuine.xml();
        // Same ID, forged content, the genuine signature: the reference still points at "#ID", but the digest cannot match.
        String forged = xml.replace(">alice</saml:AttributeValue>", ">admin</saml:AttributeValue>");
        assertThat(aws.signIn(TestSamlResponse.base64(forged)).message()).isEqualTo("Response signature invalid");

        // The genuine assertion kept in Response/Extensions, a forged one carrying its signature: two assertions, refused.
        String signedAssertion = xml.substring(xml.indexOf("<saml:Assertion"), xml.indexOf("</saml:Assertion>") + "</saml:Assertion>".length());
        String wrapped = forged.replace("<samlp:Status>", "<samlp:Extensions>" + signedAssertion + "</samlp:Extensions><samlp:Status>");
        EmulatorFixture.Answer answer = aws.signIn(TestSamlResponse.base64(wrapped));
        assertThat(answer.code()).isEqualTo("InvalidIdentityToken");
        assertThat(answer.body().path("detail").asText()).contains("exactly one Assertion, found 2");
    }

    @Test
    void a_reference_to_another_element_is_refused() {
        TestSamlResponse response = aws.response();
        String xml = response.xml().replace("URI=\"#" + response.assertionId + "\"", "URI=\"\"");
        EmulatorFixture.Answer answer = aws.signIn(TestSamlResponse.base64(xml));
        assertThat(answer.message()).isEqualTo("Response signature invalid");
        assertThat(answer.body().path("detail").asText()).contains("Reference URI");
    }

    @Test
    void unknown_provider() {
        assertRefused(aws.response().roles(ADMINS.replace("111122223333", "999999999999") + ",arn:aws:iam::999999999999:saml-provider/Signet"),
                403, "AccessDenied", "Specified provider doesn't exist");
    }

    @Test
    void unknown_role() {
        assertRefused(aws.response().roles(READERS + "," + PROVIDER), 403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML");
    }

    @Test
    void missing_role_attribute() {
        assertRefused(aws.response().without("Role"), 400, "InvalidIdentityToken", "Role attribute is required in AuthnResponse");
    }

    @Test
    void not_base64_or_not_xml() {
        assertThat(aws.signIn("%%%").code()).isEqualTo("InvalidIdentityToken");
        assertThat(aws.signIn(TestSamlResponse.base64("<notxml")).code()).isEqualTo("InvalidIdentityToken");
    }
}
