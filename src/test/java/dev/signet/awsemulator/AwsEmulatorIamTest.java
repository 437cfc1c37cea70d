package dev.signet.awsemulator;

import static dev.signet.awsemulator.EmulatorFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The IAM query API subset (as the AWS CLI posts it) and the JSON admin API. */
class AwsEmulatorIamTest {
    private static final String AUTH_AS_444455556666 = "AWS4-HMAC-SHA256 Credential=444455556666/20261129/us-east-1/iam/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0000";
    private final EmulatorFixture aws = new EmulatorFixture();

    @AfterEach
    void stop() {
        aws.close();
    }

    private HttpResponse<String> iam(String... form) {
        return aws.postForm("/iam/", form(form), "*/*", AUTH_AS_444455556666);
    }

    @Test
    void cli_style_setup_then_sts_works_for_that_account() {
        HttpResponse<String> provider = iam("Action", "CreateSAMLProvider", "Version", "2010-05-08", "Name", "Corp",
                "SAMLMetadataDocument", TestIdp.DEFAULT.metadata());
        assertThat(provider.statusCode()).as(provider.body()).isEqualTo(200);
        assertThat(provider.body()).contains("<CreateSAMLProviderResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<CreateSAMLProviderResult><SAMLProviderArn>arn:aws:iam::444455556666:saml-provider/Corp</SAMLProviderArn>");

        String providerArn = "arn:aws:iam::444455556666:saml-provider/Corp";
        HttpResponse<String> role = iam("Action", "CreateRole", "Version", "2010-05-08", "RoleName", "Dev",
                "AssumeRolePolicyDocument", EmulatorFixture.trustPolicy(providerArn, null), "MaxSessionDuration", "7200");
        assertThat(role.statusCode()).as(role.body()).isEqualTo(200);
        assertThat(role.body()).contains("<Arn>arn:aws:iam::444455556666:role/Dev</Arn>", "<MaxSessionDuration>7200</MaxSessionDuration>");

        String roleArn = "arn:aws:iam::444455556666:role/Dev";
        HttpResponse<String> sts = aws.postForm("/", form("Action", "AssumeRoleWithSAML", "Version", "2011-06-15", "RoleArn", roleArn,
                "PrincipalArn", providerArn, "DurationSeconds", "7200",
                "SAMLAssertion", aws.response().roles(roleArn + "," + providerArn).base64()), "*/*");
        assertThat(sts.statusCode()).as(sts.body()).isEqualTo(200);
        assertThat(sts.body()).contains("<Arn>arn:aws:sts::444455556666:assumed-role/Dev/alice</Arn>");
    }

    @Test
    void get_update_and_delete_saml_provider() {
        iam("Action", "CreateSAMLProvider", "Name", "Corp", "SAMLMetadataDocument", TestIdp.DEFAULT.metadata());
        String arn = "arn:aws:iam::444455556666:saml-provider/Corp";

        assertThat(iam("Action", "GetSAMLProvider", "SAMLProviderArn", arn).body()).contains("<SAMLMetadataDocument>&lt;md:EntityDescriptor");
        HttpResponse<String> update = iam("Action", "UpdateSAMLProvider", "SAMLProviderArn", arn,
                "SAMLMetadataDocument", TestIdp.OTHER.metadata());
        assertThat(update.statusCode()).isEqualTo(200);
        assertThat(aws.send(HttpRequest.newBuilder(aws.uri("/emulator/state"))).body()).contains(TestIdp.OTHER.entityId());

        assertThat(iam("Action", "DeleteSAMLProvider", "SAMLProviderArn", arn).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = iam("Action", "GetSAMLProvider", "SAMLProviderArn", arn);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("<Code>NoSuchEntity</Code>");
    }

    @Test
    void duplicate_provider_is_entity_already_exists_in_iam_error_format() {
        iam("Action", "CreateSAMLProvider", "Name", "Corp", "SAMLMetadataDocument", TestIdp.DEFAULT.metadata());
        HttpResponse<String> again = iam("Action", "CreateSAMLProvider", "Name", "Corp", "SAMLMetadataDocument", TestIdp.DEFAULT.metadata());

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).matches("(?s)<\\?xml[^>]*>\\s*<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
                + "<Code>EntityAlreadyExists</Code><Message>SAMLProvider Corp already exists.</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>");
    }

    @Test
    void without_an_account_key_the_default_account_is_used() {
        HttpResponse<String> r = aws.postForm("/iam", form("Action", "CreateSAMLProvider", "Name", "Corp",
                "SAMLMetadataDocument", TestIdp.DEFAULT.metadata()), "*/*");
        assertThat(r.body()).contains("arn:aws:iam::123456789012:saml-provider/Corp");
    }

    @Test
    void metadata_that_aws_refuses() {
        String good = TestIdp.DEFAULT.metadata();
        Map<String, String> bad = Map.of(
                "DTD", "<!DOCTYPE md:EntityDescriptor []>" + good,
                "BOM", "\uFEFF" + good,
                "no IDPSSODescriptor", good.replace("IDPSSODescriptor", "SPSSODescriptor"),
                "encryption key only", good.replace("use=\"signing\"", "use=\"encryption\""),
                "short RSA key", TestIdp.create("https://weak.example.test", 512).metadata());
        bad.forEach((what, metadata) -> {
            HttpResponse<String> r = aws.putProvider(EmulatorFixture.ACCOUNT, "Bad", metadata);
            assertThat(r.statusCode()).as(what).isEqualTo(400);
            assertThat(r.body()).as(what).startsWith("{\"error\":\"Could not parse metadata: ").contains("\"code\":\"InvalidInput\"");
        });
        assertThat(iam("Action", "CreateSAMLProvider", "Name", "Bad", "SAMLMetadataDocument", bad.get("short RSA key")).body())
                .contains("<Code>InvalidInput</Code>", "1024 bits");
    }

    @Test
    void create_role_validates_policy_and_duration_and_delete_role_works() {
        assertThat(iam("Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument", "{not json").body())
                .contains("<Code>MalformedPolicyDocument</Code>");
        assertThat(iam("Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument",
                EmulatorFixture.trustPolicy(EmulatorFixture.PROVIDER, null), "MaxSessionDuration", "60").body())
                .contains("<Code>ValidationError</Code>");
        assertThat(iam("Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument",
                EmulatorFixture.trustPolicy(EmulatorFixture.PROVIDER, null)).statusCode()).isEqualTo(200);
        assertThat(iam("Action", "DeleteRole", "RoleName", "R").statusCode()).isEqualTo(200);
        assertThat(iam("Action", "DeleteRole", "RoleName", "R").statusCode()).isEqualTo(404);
        assertThat(iam("Action", "ListUsers").body()).contains("<Code>InvalidAction</Code>");
    }

    @Test
    void admin_api_state_updates_errors_and_reset() {
        assertThat(aws.putProvider(EmulatorFixture.ACCOUNT, "Signet", TestIdp.DEFAULT.metadata()).statusCode()).isEqualTo(200);
        HttpResponse<String> badAccount = aws.putRole("12345", "R", EmulatorFixture.trustPolicy(EmulatorFixture.PROVIDER, null), null);
        assertThat(badAccount.statusCode()).isEqualTo(400);
        assertThat(badAccount.body()).contains("12 digits");
        HttpResponse<String> noPolicy = aws.send(HttpRequest.newBuilder(aws.uri("/emulator/accounts/111122223333/roles/R"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"maxSessionDuration\":3600}")));
        assertThat(noPolicy.statusCode()).isEqualTo(400);
        assertThat(noPolicy.body()).contains("trustPolicy");
        HttpResponse<String> wrongType = aws.send(HttpRequest.newBuilder(aws.uri("/emulator/accounts/111122223333/saml-providers/X"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(wrongType.statusCode()).isEqualTo(400);

        String state = aws.send(HttpRequest.newBuilder(aws.uri("/emulator/state"))).body();
        assertThat(state).contains("\"111122223333\"", "\"arn\":\"" + EmulatorFixture.PROVIDER + "\"", "\"arn\":\"" + EmulatorFixture.ADMINS + "\"",
                "\"maxSessionDuration\":3600");

        assertThat(aws.send(HttpRequest.newBuilder(aws.uri("/emulator/state")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(aws.send(HttpRequest.newBuilder(aws.uri("/emulator/state"))).body()).isEqualTo("{\"accounts\":{}}");
        assertThat(aws.signIn(aws.response().base64()).message()).isEqualTo("Specified provider doesn't exist");
    }
}
