package dev.signet.aws.preflight;

import static dev.signet.aws.preflight.AwsResponse.ATTR;
import static dev.signet.aws.preflight.AwsResponse.NEXT;
import static dev.signet.aws.preflight.AwsResponse.NOW;
import static dev.signet.aws.preflight.AwsResponse.PROVIDER_ARN;
import static dev.signet.aws.preflight.AwsResponse.ROLE_ARN;
import static dev.signet.aws.preflight.AwsResponse.ROLE_VALUE;
import static dev.signet.aws.preflight.AwsResponse.RSA_SHA1;
import static dev.signet.aws.preflight.AwsResponse.SHA1;
import static dev.signet.aws.preflight.AwsResponse.SIGNING;
import static dev.signet.aws.preflight.AwsResponse.SIGN_IN;
import static dev.signet.aws.preflight.AwsResponse.metadata;
import static dev.signet.aws.preflight.Status.FAIL;
import static dev.signet.aws.preflight.Status.PASS;
import static dev.signet.aws.preflight.Status.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.keys.Certificates;
import dev.signet.keys.KeyType;
import dev.signet.saml.SamlNames;
import dev.signet.saml.SamlResponseSpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class PreflightRulesTest {
    /** Written out, not read from {@link Rule}, because the IDs are an API: renaming one must fail a test. */
    static final List<String> RULE_IDS = List.of("xml-well-formed", "response-size", "iam-metadata",
            "response-version-status", "single-assertion", "destination", "issuer", "signature", "signature-algorithm",
            "certificate-in-iam-metadata", "certificate-key-size", "nameid", "subject-confirmation", "recipient",
            "audience", "time-window", "session-not-on-or-after", "attribute-names", "role-attribute",
            "role-session-name", "session-duration", "source-identity", "principal-tags", "transitive-tag-keys");

    private final AwsPreflight preflight = new AwsPreflight(Clock.fixed(NOW, ZoneOffset.UTC));

    // --- what passes ---

    @Test
    void correct_response_passes_every_rule() {
        PreflightReport report = check(new AwsResponse());

        assertThat(report.results()).extracting(RuleResult::id).containsExactlyElementsOf(RULE_IDS);
        assertOutcome(report, Map.of());
        assertThat(report.passed()).isTrue();
        assertThat(report.worst()).isEqualTo(PASS);
        assertThat(report.results()).allSatisfy(r -> assertThat(r.fix()).isEmpty());
        assertThat(report.result("role-session-name").orElseThrow().detail()).contains("alice@example.com");
    }

    @Test
    void rule_enum_lists_the_report_order() {
        assertThat(Arrays.stream(Rule.values()).map(Rule::id)).containsExactlyElementsOf(RULE_IDS);
    }

    @Test
    void optional_attributes_not_sent_pass_as_not_sent() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "SessionDuration")
                .attribute(ATTR + "SourceIdentity").attribute(ATTR + "PrincipalTag:Department")
                .attribute(ATTR + "PrincipalTag:CostCenter").attribute(ATTR + "TransitiveTagKeys"));

        assertOutcome(report, Map.of());
        for (String id : List.of("session-duration", "source-identity", "principal-tags", "transitive-tag-keys")) {
            assertThat(detail(report, id)).startsWith("not sent");
        }
    }

    @Test
    void role_value_with_provider_first_passes_and_matches_a_known_value_in_the_other_order() {
        PreflightReport report = preflight.check(new PreflightInput(new AwsResponse()
                .attribute(ATTR + "Role", PROVIDER_ARN + "," + ROLE_ARN).base64(), SIGN_IN, metadata(SIGNING.certificate()),
                metadata(SIGNING.certificate()), Set.of(ROLE_VALUE), true));

        assertOutcome(report, Map.of());
    }

    @Test
    void rotation_in_progress_passes_while_the_old_key_still_signs_and_both_are_uploaded() {
        String both = metadata(SIGNING.certificate(), NEXT.certificate());
        assertOutcome(preflight.check(input(new AwsResponse().base64(), both, both, true)), Map.of());
    }

    // --- the response ---

    @Test
    void garbage_base64_fails_first_and_everything_that_needs_the_document_is_not_checked() {
        PreflightReport report = check("this is %% not base64!");

        assertThat(report.results().get(0).id()).isEqualTo("xml-well-formed");
        assertThat(report.results().get(0).status()).isEqualTo(FAIL);
        assertThat(report.results().get(0).detail()).contains("not base64");
        assertThat(report.results()).extracting(RuleResult::id).containsExactlyElementsOf(RULE_IDS);
        assertThat(report.result("iam-metadata").orElseThrow().status()).isEqualTo(PASS);
        assertThat(report.result("response-size").orElseThrow().status()).isEqualTo(PASS);
        assertThat(report.results().subList(3, RULE_IDS.size())).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(FAIL);
            assertThat(r.detail()).isEqualTo("not checked: the response could not be read");
        });
    }

    @Test
    void base64_of_something_that_is_not_xml_fails_xml_well_formed() {
        PreflightReport report = check(Base64.getEncoder().encodeToString("hello, AWS".getBytes(StandardCharsets.UTF_8)));

        assertThat(report.results().get(0).status()).isEqualTo(FAIL);
        assertThat(report.results().get(0).detail()).contains("not well-formed");
    }

    @Test
    void response_with_a_dtd_is_refused_without_reading_the_entity() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<samlp:Response xmlns:samlp=\"" + SamlNames.PROTOCOL_NS + "\" Version=\"2.0\">&x;</samlp:Response>";
        PreflightReport report = check(Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));

        assertThat(report.results().get(0).status()).isEqualTo(FAIL);
        assertThat(report.results().get(0).detail()).contains("DTD");
        assertThat(report.results()).noneSatisfy(r -> assertThat(r.detail()).contains("root:"));
        assertThat(report.result("signature").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void null_and_empty_input_give_a_report_instead_of_an_exception() {
        PreflightReport report = preflight.check(new PreflightInput(null, null, null, null, null, false));

        assertThat(report.results()).hasSize(RULE_IDS.size());
        assertThat(report.result("xml-well-formed").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("iam-metadata").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("response-size").orElseThrow().status()).isEqualTo(FAIL);
    }

    @Test
    void response_larger_than_sts_accepts_fails_response_size() {
        String[] manyRoles = new String[1500];
        Arrays.setAll(manyRoles, i -> "arn:aws:iam::123456789012:role/Role" + i + "," + PROVIDER_ARN);
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "Role", manyRoles));

        assertOutcome(report, Map.of("response-size", FAIL));
    }

    @Test
    void non_success_status_fails_response_version_status() {
        PreflightReport report = check(new AwsResponse().tampered(doc -> ((Element) doc.getElementsByTagNameNS(
                SamlNames.PROTOCOL_NS, "StatusCode").item(0)).setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder")));

        assertOutcome(report, Map.of("response-version-status", FAIL));
        assertThat(detail(report, "response-version-status")).contains("IDPRejectedClaim");
    }

    @Test
    void second_assertion_fails_single_assertion_and_the_assertion_rules_are_not_checked() {
        PreflightReport report = check(new AwsResponse().tampered(doc -> {
            Element response = doc.getDocumentElement();
            response.appendChild(response.getLastChild().cloneNode(true));
        }));

        assertThat(report.result("single-assertion").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("audience").orElseThrow().detail()).isEqualTo("not checked: the response has no single assertion");
        assertThat(report.result("response-version-status").orElseThrow().status()).isEqualTo(PASS);
    }

    @Test
    void encrypted_assertion_warns_that_its_contents_are_not_checked() {
        PreflightReport report = check(new AwsResponse().tampered(doc -> {
            Element response = doc.getDocumentElement();
            response.removeChild(response.getLastChild());
            response.appendChild(doc.createElementNS(SamlNames.ASSERTION_NS, "saml:EncryptedAssertion"));
        }));

        assertThat(report.result("single-assertion").orElseThrow().status()).isEqualTo(WARNING);
        assertThat(report.result("role-attribute").orElseThrow().status()).isEqualTo(WARNING);
        assertThat(detail(report, "role-attribute")).isEqualTo("not checked: the assertion is encrypted");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void destination_other_than_the_post_url_fails_destination() {
        PreflightReport report = check(new AwsResponse().destination("https://eu-west-1.signin.aws.amazon.com/saml"));

        assertOutcome(report, Map.of("destination", FAIL));
    }

    @Test
    void issuer_not_in_the_iam_metadata_fails_with_the_aws_message() {
        PreflightReport report = check(new AwsResponse().issuer("https://old-signet.example.com/saml/aws"));

        assertOutcome(report, Map.of("issuer", FAIL));
        assertThat(detail(report, "issuer")).contains("Issuer not present in specified provider");
        assertThat(report.result("issuer").orElseThrow().fix()).contains("update-saml-provider");
    }

    // --- signature and certificates ---

    @Test
    void certificate_rotated_in_signet_but_not_in_aws_fails_with_the_upload_command() {
        String iam = metadata(SIGNING.certificate());
        String current = metadata(SIGNING.certificate(), NEXT.certificate());
        PreflightReport report = preflight.check(input(new AwsResponse().signedWith(NEXT, AwsResponse.RSA_SHA256,
                AwsResponse.SHA256).base64(), iam, current, true));

        assertOutcome(report, Map.of("certificate-in-iam-metadata", FAIL, "signature", FAIL));
        RuleResult rule = report.result("certificate-in-iam-metadata").orElseThrow();
        assertThat(rule.detail()).contains("rotated in Signet but not in AWS").contains(Certificates.fingerprint(NEXT.certificate()));
        assertThat(rule.fix()).contains("aws iam update-saml-provider --saml-provider-arn " + PROVIDER_ARN);
        assertThat(report.result("signature").orElseThrow().fix()).contains("update-saml-provider");
    }

    @Test
    void next_key_published_by_signet_but_not_uploaded_warns_before_it_signs() {
        String iam = metadata(SIGNING.certificate());
        String current = metadata(SIGNING.certificate(), NEXT.certificate());

        PreflightReport report = preflight.check(input(new AwsResponse().base64(), iam, current, true));

        assertOutcome(report, Map.of("certificate-in-iam-metadata", WARNING));
    }

    @Test
    void unreadable_current_metadata_warns_that_rotation_cannot_be_checked() {
        PreflightReport report = preflight.check(input(new AwsResponse().base64(), metadata(SIGNING.certificate()),
                "<not metadata/>", true));

        assertOutcome(report, Map.of("certificate-in-iam-metadata", WARNING));
    }

    @Test
    void tampered_attribute_value_fails_the_signature_only() {
        PreflightReport report = check(new AwsResponse().tampered(doc -> doc.getElementsByTagNameNS(SamlNames.ASSERTION_NS,
                "AttributeValue").item(0).setTextContent("arn:aws:iam::123456789012:role/Root," + PROVIDER_ARN)));

        assertOutcome(report, Map.of("signature", FAIL));
        assertThat(detail(report, "signature")).contains("Response signature invalid").contains("changed after it was signed");
    }

    @Test
    void unsigned_response_fails_signature() {
        PreflightReport report = check(new AwsResponse().signing(false, false));

        assertThat(report.result("signature").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("signature-algorithm").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("audience").orElseThrow().status()).isEqualTo(PASS);
    }

    @Test
    void signed_response_around_unsigned_assertion_fails_strictly_and_warns_leniently() {
        AwsResponse response = new AwsResponse().signing(false, true);

        assertOutcome(check(response), Map.of("signature", FAIL));
        assertOutcome(preflight.check(input(response.base64(), metadata(SIGNING.certificate()),
                metadata(SIGNING.certificate()), false)), Map.of("signature", WARNING));
    }

    @Test
    void sha1_fails_strictly_and_warns_leniently_while_the_signature_itself_verifies() {
        AwsResponse response = new AwsResponse().signedWith(SIGNING, RSA_SHA1, SHA1);

        assertOutcome(check(response), Map.of("signature-algorithm", FAIL));
        assertOutcome(preflight.check(input(response.base64(), metadata(SIGNING.certificate()),
                metadata(SIGNING.certificate()), false)), Map.of("signature-algorithm", WARNING));
    }

    @Test
    void tampered_sha1_response_still_fails_the_signature() {
        PreflightReport report = check(new AwsResponse().signedWith(SIGNING, RSA_SHA1, SHA1).tampered(doc ->
                doc.getElementsByTagNameNS(SamlNames.ASSERTION_NS, "NameID").item(0).setTextContent("admin")));

        assertOutcome(report, Map.of("signature-algorithm", FAIL, "signature", FAIL));
    }

    @Test
    void certificate_about_to_expire_warns() {
        var expiring = Certificates.generate(KeyType.RSA_2048, "signet old", Duration.ofDays(10), NOW);
        String md = metadata(expiring.certificate());
        PreflightReport report = preflight.check(input(new AwsResponse().signedWith(expiring, AwsResponse.RSA_SHA256,
                AwsResponse.SHA256).base64(), md, md, true));

        assertOutcome(report, Map.of("certificate-in-iam-metadata", WARNING));
    }

    @Test
    void ec_key_passes_the_key_size_rule() {
        var ec = Certificates.generate(KeyType.EC_P256, "signet ec", Duration.ofDays(365), NOW);
        String md = metadata(ec.certificate());
        PreflightReport report = preflight.check(input(new AwsResponse().signedWith(ec,
                org.apache.xml.security.signature.XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256, AwsResponse.SHA256).base64(),
                md, md, true));

        assertOutcome(report, Map.of());
        assertThat(detail(report, "certificate-key-size")).contains("EC 256");
    }

    @Test
    void rsa_1024_key_warns_and_rsa_512_fails_the_key_size_rule() {
        var weak = AwsResponse.rsaKey(1024);
        String md = metadata(weak.certificate());
        PreflightReport report = preflight.check(input(new AwsResponse().signedWith(weak, AwsResponse.RSA_SHA256,
                AwsResponse.SHA256).base64(), md, md, true));
        assertOutcome(report, Map.of("certificate-key-size", WARNING));

        var broken = AwsResponse.rsaKey(512);
        String md512 = metadata(broken.certificate());
        PreflightReport refused = preflight.check(input(new AwsResponse().signedWith(broken, AwsResponse.RSA_SHA256,
                AwsResponse.SHA256).base64(), md512, md512, true));
        assertThat(refused.result("certificate-key-size").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(detail(refused, "certificate-key-size")).contains("512");
    }

    @Test
    void iam_metadata_without_certificates_fails_iam_metadata_and_the_signature() {
        String noKeys = metadata();
        PreflightReport report = preflight.check(input(new AwsResponse().base64(), noKeys, metadata(SIGNING.certificate()), true));

        assertThat(report.result("iam-metadata").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("signature").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("certificate-in-iam-metadata").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(report.result("issuer").orElseThrow().status()).isEqualTo(PASS);
    }

    @Test
    void iam_metadata_with_a_byte_order_mark_fails() {
        String md = "\uFEFF" + metadata(SIGNING.certificate());
        PreflightReport report = preflight.check(input(new AwsResponse().base64(), md, md, true));

        assertThat(report.result("iam-metadata").orElseThrow().status()).isEqualTo(FAIL);
        assertThat(detail(report, "iam-metadata")).contains("byte-order mark");
    }

    // --- subject, audience, time ---

    @Test
    void missing_nameid_fails_nameid() {
        PreflightReport report = check(new AwsResponse().nameId(null, null));

        assertOutcome(report, Map.of("nameid", FAIL));
        assertThat(detail(report, "nameid")).contains("AccessDenied");
    }

    @Test
    void email_nameid_warns_that_persistent_is_recommended() {
        PreflightReport report = check(new AwsResponse().nameId("alice@example.com", SamlResponseSpec.NAMEID_EMAIL));

        assertOutcome(report, Map.of("nameid", WARNING));
    }

    @Test
    void recipient_other_than_the_post_url_fails_recipient() {
        PreflightReport report = check(new AwsResponse().recipient("https://signet.example.com/acs"));

        assertOutcome(report, Map.of("recipient", FAIL));
    }

    @Test
    void wrong_audience_fails_audience() {
        PreflightReport report = check(new AwsResponse().audience("https://signet.example.com/sp"));

        assertOutcome(report, Map.of("audience", FAIL));
        assertThat(report.result("audience").orElseThrow().fix()).contains("urn:amazon:webservices");
    }

    @Test
    void sign_in_url_as_audience_passes() {
        assertOutcome(check(new AwsResponse().audience(SIGN_IN)), Map.of());
    }

    @Test
    void expired_assertion_fails_time_window() {
        PreflightReport report = check(new AwsResponse().issued(NOW.minus(Duration.ofMinutes(10)), Duration.ofMinutes(5)));

        assertOutcome(report, Map.of("time-window", FAIL));
        assertThat(detail(report, "time-window")).contains("Response has expired").contains("5 minutes of issuance");
    }

    @Test
    void assertion_valid_for_an_hour_warns_and_fails_once_older_than_five_minutes() {
        assertOutcome(check(new AwsResponse().issued(NOW.minusSeconds(10), Duration.ofHours(1))), Map.of("time-window", WARNING));

        PreflightReport old = check(new AwsResponse().issued(NOW.minus(Duration.ofMinutes(6)), Duration.ofHours(1)));
        assertOutcome(old, Map.of("time-window", FAIL));
        assertThat(detail(old, "time-window")).contains("Token must be redeemed within 5 minutes of issuance");
    }

    @Test
    void assertion_issued_in_the_future_fails_strictly_and_passes_within_lenient_skew() {
        AwsResponse response = new AwsResponse().issued(NOW.plusSeconds(30), Duration.ofMinutes(4));

        assertOutcome(check(response), Map.of("time-window", FAIL));
        assertOutcome(preflight.check(input(response.base64(), metadata(SIGNING.certificate()),
                metadata(SIGNING.certificate()), false)), Map.of());
    }

    // --- attributes ---

    @Test
    void missing_role_fails_with_the_role_mapping_fix() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "Role"));

        assertOutcome(report, Map.of("role-attribute", FAIL));
        assertThat(report.result("role-attribute").orElseThrow().fix()).contains("role mapping");
    }

    @Test
    void malformed_role_value_fails_role_attribute() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "Role",
                "arn:aws:iam::12345:role/Admin," + PROVIDER_ARN));

        assertOutcome(report, Map.of("role-attribute", FAIL));
        assertThat(detail(report, "role-attribute")).contains("12-digit account");
    }

    @Test
    void role_value_with_only_a_role_arn_fails_role_attribute() {
        assertOutcome(check(new AwsResponse().attribute(ATTR + "Role", ROLE_ARN)), Map.of("role-attribute", FAIL));
    }

    @Test
    void role_and_provider_in_different_accounts_fail_role_attribute() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "Role",
                ROLE_ARN + ",arn:aws:iam::210987654321:saml-provider/Signet"));

        assertOutcome(report, Map.of("role-attribute", FAIL));
        assertThat(detail(report, "role-attribute")).contains("same account");
    }

    @Test
    void role_value_with_a_space_after_the_comma_fails_strictly_and_warns_leniently() {
        AwsResponse response = new AwsResponse().attribute(ATTR + "Role", ROLE_ARN + ", " + PROVIDER_ARN);

        assertOutcome(check(response), Map.of("role-attribute", FAIL));
        assertOutcome(preflight.check(input(response.base64(), metadata(SIGNING.certificate()),
                metadata(SIGNING.certificate()), false)), Map.of("role-attribute", WARNING));
    }

    @Test
    void role_not_among_the_configured_ones_fails_role_attribute() {
        PreflightReport report = preflight.check(new PreflightInput(new AwsResponse().base64(), SIGN_IN,
                metadata(SIGNING.certificate()), metadata(SIGNING.certificate()),
                Set.of("arn:aws:iam::123456789012:role/ReadOnly," + PROVIDER_ARN), true));

        assertOutcome(report, Map.of("role-attribute", FAIL));
    }

    @Test
    void role_session_name_with_a_space_fails() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "RoleSessionName", "Alice Example"));

        assertOutcome(report, Map.of("role-session-name", FAIL));
        assertThat(detail(report, "role-session-name")).contains("must match").contains("Alice Example");
        assertThat(report.result("role-session-name").orElseThrow().fix()).contains("built-in RoleSessionName mapping");
    }

    @Test
    void missing_role_session_name_fails_with_the_aws_message() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "RoleSessionName"));

        assertOutcome(report, Map.of("role-session-name", FAIL));
        assertThat(detail(report, "role-session-name")).contains("RoleSessionName is required in AuthnResponse");
    }

    @Test
    void session_duration_of_100_seconds_fails() {
        assertOutcome(check(new AwsResponse().attribute(ATTR + "SessionDuration", "100")), Map.of("session-duration", FAIL));
    }

    @Test
    void session_duration_that_is_not_a_number_fails() {
        assertOutcome(check(new AwsResponse().attribute(ATTR + "SessionDuration", "1h")), Map.of("session-duration", FAIL));
    }

    @Test
    void source_identity_with_aws_prefix_fails() {
        assertOutcome(check(new AwsResponse().attribute(ATTR + "SourceIdentity", "aws:alice")), Map.of("source-identity", FAIL));
    }

    @Test
    void principal_tag_with_aws_prefix_fails() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "PrincipalTag:aws:x", "1"));

        assertOutcome(report, Map.of("principal-tags", FAIL));
        assertThat(detail(report, "principal-tags")).contains("aws:x");
    }

    @Test
    void principal_tag_keys_differing_only_in_case_fail() {
        PreflightReport report = check(new AwsResponse().attribute(ATTR + "PrincipalTag:department", "Sales"));

        assertOutcome(report, Map.of("principal-tags", FAIL));
        assertThat(detail(report, "principal-tags")).contains("case-insensitive");
    }

    @Test
    void principal_tag_with_two_values_or_a_bad_character_fails() {
        assertOutcome(check(new AwsResponse().attribute(ATTR + "PrincipalTag:Team", "a", "b")), Map.of("principal-tags", FAIL));
        assertOutcome(check(new AwsResponse().attribute(ATTR + "PrincipalTag:Team", "R&D")), Map.of("principal-tags", FAIL));
    }

    @Test
    void more_than_50_principal_tags_fail() {
        AwsResponse response = new AwsResponse();
        for (int i = 0; i < 50; i++) {
            response.attribute(ATTR + "PrincipalTag:T" + i, "v");
        }
        assertOutcome(check(response), Map.of("principal-tags", FAIL));
    }

    @Test
    void transitive_tag_key_naming_no_sent_tag_fails() {
        assertOutcome(check(new AwsResponse().attribute(ATTR + "TransitiveTagKeys", "Department", "Project")),
                Map.of("transitive-tag-keys", FAIL));
    }

    @Test
    void aws_attribute_name_in_the_wrong_case_warns() {
        PreflightReport report = check(new AwsResponse().attribute("https://aws.amazon.com/SAML/Attributes/role", ROLE_VALUE));

        assertOutcome(report, Map.of("attribute-names", WARNING));
        assertThat(detail(report, "attribute-names")).contains("did you mean \"" + ATTR + "Role\"");
    }

    @Test
    void aws_attribute_names_with_another_scheme_without_prefix_or_unknown_warn() {
        assertOutcome(check(new AwsResponse().attribute("http://aws.amazon.com/SAML/Attributes/SessionDuration", "3600")),
                Map.of("attribute-names", WARNING));
        assertOutcome(check(new AwsResponse().attribute("RoleSessionName", "alice")), Map.of("attribute-names", WARNING));
        assertOutcome(check(new AwsResponse().attribute(ATTR + "Email", "alice@example.com")), Map.of("attribute-names", WARNING));
    }

    @Test
    void unrelated_attributes_are_left_alone() {
        assertOutcome(check(new AwsResponse().attribute("email", "alice@example.com")), Map.of());
    }

    @Test
    void removing_any_element_or_attribute_gives_a_full_report_and_never_an_exception() {
        var all = new AwsResponse().document().getElementsByTagName("*");
        int elements = all.getLength();
        for (int i = 1; i < elements; i++) {
            // The response's own Issuer and the signature's KeyInfo are optional for AWS (which trusts only the
            // metadata's keys); everything else is required or signed.
            org.w3c.dom.Node removed = all.item(i);
            boolean optional = removed.getParentNode() == all.item(0) && "Issuer".equals(removed.getLocalName())
                    || List.of("KeyInfo", "X509Data", "X509Certificate").contains(removed.getLocalName());
            int index = i;
            PreflightReport report = check(new AwsResponse().tampered(doc -> {
                Element e = (Element) doc.getElementsByTagName("*").item(index);
                e.getParentNode().removeChild(e);
            }));
            assertThat(report.results()).as("without element %d", index).hasSize(RULE_IDS.size());
            assertThat(report.passed()).as("without element %d", index).isEqualTo(optional);
        }
        for (int i = 0; i < elements; i++) {
            int index = i;
            PreflightReport report = check(new AwsResponse().tampered(doc -> {
                Element e = (Element) doc.getElementsByTagName("*").item(index);
                while (e.getAttributes().getLength() > 0) {
                    e.removeAttributeNode((org.w3c.dom.Attr) e.getAttributes().item(0));
                }
            }));
            assertThat(report.results()).as("without the attributes of element %d", index).hasSize(RULE_IDS.size());
        }
    }

    // --- the report ---

    @Test
    void statuses_are_written_in_lower_case_json() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new RuleResult("audience", "t", WARNING, "d", "f"));

        assertThat(json).contains("\"status\":\"warning\"");
    }

    @Test
    void report_worst_and_passed_follow_the_worst_rule() {
        PreflightReport warned = new PreflightReport(List.of(new RuleResult("a", "", PASS, "", ""),
                new RuleResult("b", "", WARNING, "", "")));
        PreflightReport failed = new PreflightReport(List.of(new RuleResult("a", "", FAIL, "", ""),
                new RuleResult("b", "", WARNING, "", "")));

        assertThat(warned.passed()).isTrue();
        assertThat(warned.worst()).isEqualTo(WARNING);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.worst()).isEqualTo(FAIL);
    }

    // --- helpers ---

    private PreflightReport check(AwsResponse response) {
        return check(response.base64());
    }

    private PreflightReport check(String base64) {
        return preflight.check(input(base64, metadata(SIGNING.certificate()), metadata(SIGNING.certificate()), true));
    }

    private static PreflightInput input(String base64, String iam, String current, boolean strict) {
        return new PreflightInput(base64, SIGN_IN, iam, current, null, strict);
    }

    private static String detail(PreflightReport report, String id) {
        return report.result(id).orElseThrow().detail();
    }

    /** The listed rules have the listed statuses; every other rule passes. */
    private static void assertOutcome(PreflightReport report, Map<String, Status> expected) {
        Map<String, Status> actual = new HashMap<>();
        report.results().forEach(r -> actual.put(r.id(), r.status()));
        Map<String, Status> wanted = new HashMap<>();
        RULE_IDS.forEach(id -> wanted.put(id, expected.getOrDefault(id, PASS)));
        assertThat(actual).as(() -> "report:\n" + describe(report)).isEqualTo(wanted);
    }

    private static String describe(PreflightReport report) {
        StringBuilder out = new StringBuilder();
        report.results().forEach(r -> out.append(r.status()).append(' ').append(r.id()).append(": ").append(r.detail())
                .append(r.fix().isEmpty() ? "" : " FIX: " + r.fix()).append('\n'));
        return out.toString();
    }
}
