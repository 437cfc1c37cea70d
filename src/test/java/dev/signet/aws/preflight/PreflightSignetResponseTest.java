package dev.signet.aws.preflight;

import static dev.signet.aws.preflight.AwsResponse.ATTR;
import static dev.signet.aws.preflight.AwsResponse.ENTITY_ID;
import static dev.signet.aws.preflight.AwsResponse.NEXT;
import static dev.signet.aws.preflight.AwsResponse.NOW;
import static dev.signet.aws.preflight.AwsResponse.ROLE_VALUE;
import static dev.signet.aws.preflight.AwsResponse.SIGNING;
import static dev.signet.aws.preflight.AwsResponse.SIGN_IN;
import static dev.signet.aws.preflight.AwsResponse.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.saml.ResponseBuilder;
import dev.signet.saml.SamlResponseSpec;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SignatureAlgorithm;
import dev.signet.saml.XmlWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The preflight on what Signet's own {@link ResponseBuilder} produces with AWS settings, not on a hand-built response. */
class PreflightSignetResponseTest {
    private final AwsPreflight preflight = new AwsPreflight(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signets_aws_response_passes_every_rule() {
        PreflightReport report = check(signetResponse(SIGNING, true, false, "alice"), metadata(SIGNING.certificate()));

        assertThat(report.results()).allSatisfy(r -> assertThat(r.status()).as(r.id() + ": " + r.detail()).isEqualTo(Status.PASS));
    }

    @Test
    void signets_response_with_both_signatures_passes_every_rule() {
        PreflightReport report = check(signetResponse(SIGNING, true, true, "alice"), metadata(SIGNING.certificate()));

        assertThat(report.worst()).as(report.results().toString()).isEqualTo(Status.PASS);
    }

    @Test
    void signets_response_after_an_unpublished_rotation_fails_the_certificate_rule() {
        PreflightReport report = check(signetResponse(NEXT, true, false, "alice"),
                metadata(SIGNING.certificate(), NEXT.certificate()));

        assertThat(report.result("certificate-in-iam-metadata").orElseThrow().status()).isEqualTo(Status.FAIL);
        assertThat(report.result("certificate-in-iam-metadata").orElseThrow().fix()).contains("update-saml-provider");
    }

    @Test
    void signets_response_with_a_display_name_as_session_name_fails() {
        PreflightReport report = check(signetResponse(SIGNING, true, false, "Alice Example"), metadata(SIGNING.certificate()));

        assertThat(report.result("role-session-name").orElseThrow().status()).isEqualTo(Status.FAIL);
        assertThat(report.passed()).isFalse();
    }

    /** AWS holds the metadata with the current key only; Signet publishes {@code published}. */
    private PreflightReport check(String base64, String published) {
        return preflight.check(new PreflightInput(base64, SIGN_IN, metadata(SIGNING.certificate()), published,
                Set.of(ROLE_VALUE), true));
    }

    private static String signetResponse(GeneratedKey key, boolean signAssertion, boolean signResponse, String sessionName) {
        List<Attribute> attributes = List.of(
                new Attribute(ATTR + "Role", null, SamlResponseSpec.ATTRNAME_URI, List.of(ROLE_VALUE)),
                new Attribute(ATTR + "RoleSessionName", null, SamlResponseSpec.ATTRNAME_URI, List.of(sessionName)),
                new Attribute(ATTR + "SessionDuration", null, SamlResponseSpec.ATTRNAME_URI, List.of("28800")));
        SamlResponseSpec spec = new SamlResponseSpec(ENTITY_ID, SIGN_IN, "urn:amazon:webservices", null,
                new SamlResponseSpec.NameId("7d0c7e2a-51b4-4f0e-9a57-0c1f1a3d2b11", SamlResponseSpec.NAMEID_PERSISTENT),
                NOW.minusSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5), NOW.minusSeconds(30), "_session-1",
                NOW.plus(Duration.ofHours(8)), attributes, signAssertion, signResponse, SignatureAlgorithm.RSA_SHA256,
                new SigningCredential(null, key.certificate(), key.privateKey()));
        return Base64.getEncoder().encodeToString(XmlWriter.toBytes(ResponseBuilder.build(spec)));
    }
}
