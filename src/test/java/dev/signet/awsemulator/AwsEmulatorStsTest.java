package dev.signet.awsemulator;

import static dev.signet.awsemulator.EmulatorFixture.ADMINS;
import static dev.signet.awsemulator.EmulatorFixture.PROVIDER;
import static dev.signet.awsemulator.EmulatorFixture.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.IdpRejectedClaimException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS AssumeRoleWithSAML, called through the real AWS SDK for Java pointed at the emulator. */
class AwsEmulatorStsTest {
    private final EmulatorFixture aws = new EmulatorFixture();
    private final StsClient sts = StsClient.builder()
            .endpointOverride(URI.create(aws.emulator.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
            .build();

    static {
        // No ~/.aws lookups or IMDS calls from the SDK during tests.
        System.setProperty(SdkSystemSetting.AWS_EC2_METADATA_DISABLED.property(), "true");
    }

    @AfterEach
    void stop() {
        sts.close();
        aws.close();
    }

    private AssumeRoleWithSamlResponse assume(String samlAssertion, Integer durationSeconds) {
        return sts.assumeRoleWithSAML(r -> r.roleArn(ADMINS).principalArn(PROVIDER).samlAssertion(samlAssertion)
                .durationSeconds(durationSeconds));
    }

    @Test
    void assume_role_with_saml_returns_credentials_for_the_role() throws Exception {
        AssumeRoleWithSamlResponse response = assume(aws.response().attribute("SourceIdentity", "alice").base64(), 1800);

        assertThat(response.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(response.credentials().secretAccessKey()).hasSize(40);
        assertThat(response.credentials().sessionToken()).isNotBlank();
        assertThat(response.credentials().expiration()).isEqualTo(aws.clock.instant().plusSeconds(1800));
        assertThat(response.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/Admins/alice");
        assertThat(response.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z2-7]{17}:alice");
        assertThat(response.subject()).isEqualTo("alice-7f3a");
        assertThat(response.subjectType()).isEqualTo("persistent");
        assertThat(response.issuer()).isEqualTo(TestIdp.DEFAULT.entityId());
        assertThat(response.audience()).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(response.sourceIdentity()).isEqualTo("alice");
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((TestIdp.DEFAULT.entityId() + "111122223333/Signet").getBytes(StandardCharsets.UTF_8));
        assertThat(response.nameQualifier()).isEqualTo(Base64.getEncoder().encodeToString(sha1));
        assertThat(response.responseMetadata().requestId()).isNotBlank();
    }

    @Test
    void the_same_assertion_can_be_redeemed_again_by_sts() {
        String samlAssertion = aws.response().base64();
        assume(samlAssertion, null);
        assertThat(assume(samlAssertion, null).credentials().expiration()).isEqualTo(aws.clock.instant().plusSeconds(3600));
    }

    @Test
    void a_tampered_assertion_is_an_invalid_identity_token() {
        String tampered = aws.response().xml().replace(">alice</saml:AttributeValue>", ">root</saml:AttributeValue>");

        InvalidIdentityTokenException e = catchThrowableOfType(InvalidIdentityTokenException.class,
                () -> assume(TestSamlResponse.base64(tampered), null));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Response signature invalid");
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void an_expired_assertion_is_an_expired_token() {
        String samlAssertion = aws.response().base64();
        aws.clock.advance(Duration.ofMinutes(10));

        ExpiredTokenException e = catchThrowableOfType(ExpiredTokenException.class, () -> assume(samlAssertion, null));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void duration_above_the_role_maximum_is_a_validation_error() {
        StsException e = catchThrowableOfType(StsException.class, () -> assume(aws.response().base64(), 7200));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).contains("MaxSessionDuration");
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void duration_within_a_raised_role_maximum_is_granted_but_capped_by_session_not_on_or_after() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Admins", EmulatorFixture.trustPolicy(PROVIDER, null), 43_200);
        assertThat(assume(aws.response().base64(), 7200).credentials().expiration()).isEqualTo(aws.clock.instant().plusSeconds(7200));

        TestSamlResponse response = aws.response();
        response.sessionNotOnOrAfter = aws.clock.instant().plus(Duration.ofHours(1));
        assertThat(assume(response.base64(), 7200).credentials().expiration()).isEqualTo(aws.clock.instant().plusSeconds(3600));
    }

    @Test
    void duration_outside_900_to_43200_is_a_validation_error() {
        StsException e = catchThrowableOfType(StsException.class, () -> assume(aws.response().base64(), 899));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void a_role_the_assertion_does_not_name_is_access_denied() {
        aws.putRole(EmulatorFixture.ACCOUNT, "Readers", EmulatorFixture.trustPolicy(PROVIDER, null), null);
        StsException e = catchThrowableOfType(StsException.class, () -> sts.assumeRoleWithSAML(r -> r
                .roleArn(EmulatorFixture.READERS).principalArn(PROVIDER).samlAssertion(aws.response().base64())));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.statusCode()).isEqualTo(403);
    }

    @Test
    void a_non_success_status_is_an_idp_rejected_claim() {
        TestSamlResponse response = aws.response();
        response.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Requester";

        IdpRejectedClaimException e = catchThrowableOfType(IdpRejectedClaimException.class, () -> assume(response.base64(), null));
        assertThat(e.statusCode()).isEqualTo(403);
    }

    @Test
    void the_error_xml_has_sts_shape() {
        HttpResponse<String> r = aws.postForm("/", form("Action", "AssumeRoleWithSAML", "Version", "2011-06-15", "RoleArn", ADMINS,
                "PrincipalArn", PROVIDER, "SAMLAssertion", "bm90IHhtbA=="), "*/*");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).matches("(?s)<\\?xml[^>]*>\\s*<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                + "<Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Invalid SAML response</Message></Error>"
                + "<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>");
    }

    @Test
    void the_sts_path_answers_too() {
        HttpResponse<String> r = aws.postForm("/sts", form("Action", "AssumeRoleWithSAML", "Version", "2011-06-15", "RoleArn", ADMINS,
                "PrincipalArn", PROVIDER, "SAMLAssertion", aws.response().base64()), "*/*");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<AssumeRoleWithSAMLResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithSAMLResult>",
                "<Arn>arn:aws:sts::111122223333:assumed-role/Admins/alice</Arn>", "<ResponseMetadata><RequestId>");
    }
}
