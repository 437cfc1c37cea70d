package dev.signet.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated IAM artifacts: policies parse and say the right thing, the CLI script runs, templates reference their account. */
class IamArtifactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>";

    private static IamArtifacts twoAccounts(boolean tags, boolean sourceIdentity, String acs) {
        return IamArtifacts.of(new IamSetup("aws", METADATA, acs, List.of(
                new RoleTarget("aws", "111122223333", "ReadOnly", "/", "signet-aws"),
                new RoleTarget("aws", "111122223333", "Admin", "/team/", "signet-aws"),
                new RoleTarget("aws", "444455556666", "Admin", "/", "Corp's idp")), tags, sourceIdentity, 28_800));
    }

    @Test
    void trust_policies_name_the_provider_the_actions_the_attributes_need_and_the_audience() throws Exception {
        IamArtifacts plain = twoAccounts(false, false, "https://signin.aws.amazon.com/saml");
        assertThat(plain.trustPolicies()).containsOnlyKeys("arn:aws:iam::111122223333:role/ReadOnly",
                "arn:aws:iam::111122223333:role/team/Admin", "arn:aws:iam::444455556666:role/Admin");
        JsonNode policy = JSON.readTree(plain.trustPolicies().get("arn:aws:iam::444455556666:role/Admin"));
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        JsonNode statement = policy.get("Statement").get(0);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Principal").get("Federated").asText()).isEqualTo("arn:aws:iam::444455556666:saml-provider/Corp's idp");
        assertThat(statement.get("Action").toString()).isEqualTo("[\"sts:AssumeRoleWithSAML\"]");
        assertThat(statement.get("Condition").get("StringEquals").get("SAML:aud").asText()).isEqualTo("https://signin.aws.amazon.com/saml");

        IamArtifacts all = twoAccounts(true, true, "https://eu-west-1.signin.aws.amazon.com/saml");
        JsonNode full = JSON.readTree(all.trustPolicies().get("arn:aws:iam::111122223333:role/ReadOnly")).get("Statement").get(0);
        assertThat(full.get("Action").toString()).isEqualTo("[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]");
        assertThat(full.get("Condition").get("StringEquals").get("SAML:aud").asText())
                .isEqualTo("https://eu-west-1.signin.aws.amazon.com/saml");
    }

    @Test
    void one_cloudformation_template_per_account_whose_roles_trust_their_own_provider() throws Exception {
        IamArtifacts a = twoAccounts(true, false, "https://signin.aws.amazon.com/saml");
        assertThat(a.cloudFormationTemplates()).containsOnlyKeys("111122223333", "444455556666");
        JsonNode first = JSON.readTree(a.cloudFormationTemplates().get("111122223333"));
        assertThat(first.get("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        List<String> providerIds = new ArrayList<>();
        List<JsonNode> roles = new ArrayList<>();
        first.get("Resources").properties().forEach(e -> {
            String type = e.getValue().get("Type").asText();
            if (type.equals("AWS::IAM::SAMLProvider")) {
                providerIds.add(e.getKey());
                assertThat(e.getValue().get("Properties").get("SamlMetadataDocument").asText()).isEqualTo(METADATA);
                assertThat(e.getKey()).matches("[A-Za-z0-9]+");
            } else {
                assertThat(type).isEqualTo("AWS::IAM::Role");
                roles.add(e.getValue().get("Properties"));
            }
        });
        assertThat(providerIds).hasSize(1);
        assertThat(roles).extracting(r -> r.get("RoleName").asText()).containsExactly("ReadOnly", "Admin");
        for (JsonNode role : roles) {
            assertThat(role.get("MaxSessionDuration").asInt()).isEqualTo(28_800);
            JsonNode statement = role.get("AssumeRolePolicyDocument").get("Statement").get(0);
            assertThat(statement.get("Principal").get("Federated").get("Ref").asText()).isEqualTo(providerIds.get(0));
            assertThat(statement.get("Action").toString()).contains("sts:TagSession");
        }
        assertThat(roles.get(1).get("Path").asText()).isEqualTo("/team/");
        JsonNode second = JSON.readTree(a.cloudFormationTemplates().get("444455556666"));
        assertThat(second.get("Resources").size()).isEqualTo(2);
        assertThat(second.toString()).doesNotContain("ReadOnly");
    }

    @Test
    void terraform_has_a_provider_per_account_and_roles_whose_policy_names_it() throws Exception {
        String tf = twoAccounts(false, true, "https://signin.aws.amazon.com/saml").terraform();
        assertThat(Pattern.compile("resource \"aws_iam_saml_provider\"").matcher(tf).results().count()).isEqualTo(2);
        assertThat(Pattern.compile("resource \"aws_iam_role\"").matcher(tf).results().count()).isEqualTo(3);
        assertThat(tf).contains("alias = \"account_111122223333\"").contains("alias = \"account_444455556666\"")
                .contains("file(\"${path.module}/signet-aws-metadata.xml\")").contains("max_session_duration = 28800");
        Matcher role = Pattern.compile("resource \"aws_iam_role\" \"(\\w+)\" \\{\\n  provider += aws\\.(\\w+)\\n(?:.*\\n)*?"
                + "  assume_role_policy   = <<-POLICY\\n((?:.*\\n)*?)    POLICY").matcher(tf);
        int roles = 0;
        while (role.find()) {
            roles++;
            JsonNode policy = JSON.readTree(role.group(3));
            String federated = policy.get("Statement").get(0).get("Principal").get("Federated").asText();
            String account = role.group(2).substring("account_".length());
            assertThat(federated).startsWith("${aws_iam_saml_provider.account_" + account + "_").endsWith(".arn}");
            assertThat(policy.get("Statement").get(0).get("Action").toString()).contains("sts:SetSourceIdentity");
        }
        assertThat(roles).isEqualTo(3);
    }

    @Test
    void the_cli_script_runs_and_calls_aws_with_exactly_the_right_arguments(@TempDir Path dir) throws Exception {
        IamArtifacts a = twoAccounts(true, false, "https://signin.aws.amazon.com/saml");
        Path script = dir.resolve("setup-iam.sh");
        Files.writeString(script, a.cliScript());
        Files.writeString(dir.resolve(a.metadataFileName()), METADATA);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls.txt");
        // A stand-in aws CLI: one line per call, arguments separated by tabs; keeps copies of file:// policies.
        Path fake = bin.resolve("aws");
        Files.writeString(fake, "#!/usr/bin/env bash\n(IFS=$'\\t'; echo \"$*\") >> \"$CALLS\"\n"
                + "for a in \"$@\"; do if [[ $a == file://trust-* ]]; then cp \"${a#file://}\" \"$DIR/seen-${a#file://}\"; fi; done\n");
        fake.toFile().setExecutable(true);

        assertThat(run(dir, List.of("bash", "-n", script.toString()))).isZero();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("CALLS", log.toString());
        pb.environment().put("DIR", dir.toString());
        pb.environment().put("PROFILE_444455556666", "prod admin");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        List<String> calls = Files.readAllLines(log);
        assertThat(calls).containsExactly(
                "iam\tcreate-saml-provider\t--name\tsignet-aws\t--saml-metadata-document\tfile://signet-aws-metadata.xml",
                "iam\tcreate-role\t--role-name\tReadOnly\t--path\t/\t--max-session-duration\t28800\t--assume-role-policy-document"
                        + "\tfile://trust-111122223333-ReadOnly.json",
                "iam\tcreate-role\t--role-name\tAdmin\t--path\t/team/\t--max-session-duration\t28800\t--assume-role-policy-document"
                        + "\tfile://trust-111122223333-Admin.json",
                "--profile\tprod admin\tiam\tcreate-saml-provider\t--name\tCorp's idp\t--saml-metadata-document"
                        + "\tfile://signet-aws-metadata.xml",
                "--profile\tprod admin\tiam\tcreate-role\t--role-name\tAdmin\t--path\t/\t--max-session-duration\t28800"
                        + "\t--assume-role-policy-document\tfile://trust-444455556666-Admin.json");
        JsonNode written = JSON.readTree(dir.resolve("seen-trust-444455556666-Admin.json").toFile());
        assertThat(written).isEqualTo(JSON.readTree(a.trustPolicies().get("arn:aws:iam::444455556666:role/Admin")));

        Files.writeString(script, a.cliUpdateScript());
        Files.delete(log);
        assertThat(run(dir, List.of("bash", "-c", "PATH=" + bin + ":$PATH CALLS=" + log + " DIR=" + dir + " bash " + script))).isZero();
        assertThat(Files.readAllLines(log)).containsExactly(
                "iam\tupdate-saml-provider\t--saml-provider-arn\tarn:aws:iam::111122223333:saml-provider/signet-aws"
                        + "\t--saml-metadata-document\tfile://signet-aws-metadata.xml",
                "iam\tupdate-saml-provider\t--saml-provider-arn\tarn:aws:iam::444455556666:saml-provider/Corp's idp"
                        + "\t--saml-metadata-document\tfile://signet-aws-metadata.xml");
    }

    @Test
    void a_role_reached_through_two_providers_is_created_once_and_trusts_both() throws Exception {
        IamArtifacts a = IamArtifacts.of(new IamSetup("aws", METADATA, "https://signin.aws.amazon.com/saml", List.of(
                new RoleTarget("aws", "111122223333", "Admin", "/", "signet"),
                new RoleTarget("aws", "111122223333", "Admin", "/", "legacy")), false, false, 3600));
        JsonNode federated = JSON.readTree(a.trustPolicies().get("arn:aws:iam::111122223333:role/Admin"))
                .get("Statement").get(0).get("Principal").get("Federated");
        assertThat(federated.toString()).isEqualTo("[\"arn:aws:iam::111122223333:saml-provider/signet\","
                + "\"arn:aws:iam::111122223333:saml-provider/legacy\"]");
        assertThat(Pattern.compile("iam create-role").matcher(a.cliScript()).results().count()).isEqualTo(1);
        assertThat(Pattern.compile("iam create-saml-provider").matcher(a.cliScript()).results().count()).isEqualTo(2);
        JsonNode template = JSON.readTree(a.cloudFormationTemplates().get("111122223333"));
        assertThat(template.get("Resources").size()).isEqualTo(3);
        assertThat(Pattern.compile("resource \"aws_iam_role\"").matcher(a.terraform()).results().count()).isEqualTo(1);
    }

    @Test
    void max_session_duration_stays_within_iam_limits() {
        IamArtifacts shortSession = IamArtifacts.of(new IamSetup("x", METADATA, "https://signin.aws.amazon.com/saml",
                List.of(new RoleTarget("aws", "111122223333", "R", "/", "p")), false, false, 900));
        assertThat(shortSession.maxSessionDuration()).isEqualTo(3_600);
        assertThat(IamArtifacts.logicalId("Role", "/a/b-c")).isNotEqualTo(IamArtifacts.logicalId("Role", "/a/bc"));
        assertThat(IamArtifacts.quote("it's")).isEqualTo("'it'\\''s'");
    }

    private static int run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
