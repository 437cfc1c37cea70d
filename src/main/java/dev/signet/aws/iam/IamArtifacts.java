package dev.signet.aws.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM side of an AWS application, generated: each role's trust policy, an aws CLI script (and
 * the update script for certificate rotation), one CloudFormation template per account and a
 * Terraform file. Pure: no database, no network.
 *
 * <p>The trust policy allows {@code sts:AssumeRoleWithSAML} to the account's IAM SAML provider when
 * {@code SAML:aud} (the Recipient) is the configured sign-in URL, plus {@code sts:TagSession} and
 * {@code sts:SetSourceIdentity} when session tags or SourceIdentity are sent, since AWS refuses the
 * sign-in otherwise. CloudFormation is emitted as JSON (valid CloudFormation, and no YAML library in
 * the server); Terraform reads the metadata from the file next to it rather than inlining it.
 */
public final class IamArtifacts {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final IamSetup setup;
    private final List<Role> roles;

    private IamArtifacts(IamSetup setup) {
        this.setup = setup;
        this.roles = roles(setup.roles());
    }

    public static IamArtifacts of(IamSetup setup) {
        return new IamArtifacts(setup);
    }

    /** The metadata document the artifacts upload. */
    public String metadataXml() {
        return setup.metadataXml();
    }

    public String metadataFileName() {
        return "signet-" + setup.applicationSlug() + "-metadata.xml";
    }

    /** Every artifact as a file to download: file name -> content, in the order of the setup steps. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(metadataFileName(), metadataXml());
        files.put("setup-iam.sh", cliScript());
        files.put("update-saml-provider.sh", cliUpdateScript());
        files.put("main.tf", terraform());
        cloudFormationTemplates().forEach((account, template) -> files.put(cloudFormationFileName(account), template));
        trustPolicies().forEach((roleArn, policy) -> files.put(trustPolicyFileName(roleArn), policy));
        return files;
    }

    public static String cloudFormationFileName(String account) {
        return "cloudformation-" + account + ".json";
    }

    /**
     * trust-policy-{account}-{path-}{role}.json, from the role's ARN. IAM paths may hold quotes and the
     * like, which have no place in a download's file name: anything but [A-Za-z0-9._+=@-] becomes _.
     */
    public static String trustPolicyFileName(String roleArn) {
        String role = roleArn.substring(roleArn.indexOf("::") + 2).replace(":role/", "-").replace('/', '-');
        return "trust-policy-" + role.replaceAll("[^A-Za-z0-9._+=@-]", "_") + ".json";
    }

    /** The media type a downloaded artifact is sent with. */
    public static String contentType(String fileName) {
        return fileName.endsWith(".json") ? "application/json" : fileName.endsWith(".xml") ? "application/samlmetadata+xml"
                : "text/plain; charset=utf-8";
    }

    /** IAM's MaxSessionDuration: at least the console session, and within IAM's 1 to 12 hours. */
    int maxSessionDuration() {
        return Math.min(43_200, Math.max(3_600, setup.maxSessionDurationSeconds()));
    }

    /** Role ARN -> the trust policy document, indented JSON. */
    public Map<String, String> trustPolicies() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Role r : roles) {
            out.put(r.target().roleArn(), json(trustPolicy(principal(r.providers().stream().map(RoleTarget::providerArn).toList()))));
        }
        return out;
    }

    /** A role, and every IAM SAML provider (of its account) the role mapping sends it through. */
    private record Role(RoleTarget target, List<RoleTarget> providers) {
    }

    /** The roles, each once (several rules may name one role through different providers), in rule order. */
    private static List<Role> roles(List<RoleTarget> targets) {
        Map<String, Role> byArn = new LinkedHashMap<>();
        for (RoleTarget r : targets) {
            Role role = byArn.computeIfAbsent(r.roleArn(), arn -> new Role(r, new ArrayList<>()));
            if (role.providers().stream().noneMatch(p -> p.providerArn().equals(r.providerArn()))) {
                role.providers().add(r);
            }
        }
        return List.copyOf(byArn.values());
    }

    /** The Federated principal: one provider as a string, several as a list. */
    private static Object principal(List<?> providers) {
        return providers.size() == 1 ? providers.get(0) : providers;
    }

    private Map<String, Object> trustPolicy(Object federatedPrincipal) {
        List<String> actions = new ArrayList<>(List.of("sts:AssumeRoleWithSAML"));
        if (setup.sendsPrincipalTags()) {
            actions.add("sts:TagSession");
        }
        if (setup.sendsSourceIdentity()) {
            actions.add("sts:SetSourceIdentity");
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Federated", federatedPrincipal));
        statement.put("Action", actions);
        statement.put("Condition", Map.of("StringEquals", Map.of("SAML:aud", setup.acsUrl())));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        return policy;
    }

    /** The accounts, in the order their first role appears. */
    private Set<String> accounts() {
        Set<String> accounts = new LinkedHashSet<>();
        setup.roles().forEach(r -> accounts.add(r.accountId()));
        return accounts;
    }

    /** The distinct (provider ARN) the roles of an account trust. */
    private List<RoleTarget> providersOf(String account) {
        Map<String, RoleTarget> byArn = new LinkedHashMap<>();
        for (RoleTarget r : setup.roles()) {
            if (r.accountId().equals(account)) {
                byArn.putIfAbsent(r.providerArn(), r);
            }
        }
        return List.copyOf(byArn.values());
    }

    private List<Role> rolesOf(String account) {
        return roles.stream().filter(r -> r.target().accountId().equals(account)).toList();
    }

    // ---- aws CLI ------------------------------------------------------------------------------------

    /**
     * A bash script that creates the IAM SAML provider(s) and roles in every account. Credentials per
     * account come from {@code PROFILE_<account>} (an aws CLI profile) or the default chain.
     */
    public String cliScript() {
        StringBuilder s = new StringBuilder(prologue("Creates the IAM SAML provider(s) and the roles Signet's application '"
                + setup.applicationSlug() + "' signs in to."));
        for (String account : accounts()) {
            s.append("\n# ---- Account ").append(account).append(" (credentials: PROFILE_").append(account)
                    .append("=<aws CLI profile>, or the default ones) ----\n");
            for (RoleTarget p : providersOf(account)) {
                s.append("aws_in ").append(account).append(" iam create-saml-provider --name ").append(quote(p.providerName()))
                        .append(" --saml-metadata-document \"file://$METADATA\"\n");
            }
            for (Role role : rolesOf(account)) {
                RoleTarget r = role.target();
                String file = "trust-" + account + "-" + r.roleName() + ".json";
                s.append("cat > ").append(quote(file)).append(" <<'SIGNET_TRUST_POLICY'\n")
                        .append(json(trustPolicy(principal(role.providers().stream().map(RoleTarget::providerArn).toList()))))
                        .append("\nSIGNET_TRUST_POLICY\n");
                s.append("aws_in ").append(account).append(" iam create-role --role-name ").append(quote(r.roleName()))
                        .append(" --path ").append(quote(r.rolePath()))
                        .append(" --max-session-duration ").append(maxSessionDuration())
                        .append(" --assume-role-policy-document ").append(quote("file://" + file)).append('\n');
                s.append("# Then give the role its permissions, for example:\n# aws_in ").append(account)
                        .append(" iam attach-role-policy --role-name ").append(quote(r.roleName()))
                        .append(" --policy-arn arn:").append(r.partition()).append(":iam::aws:policy/ReadOnlyAccess\n");
            }
        }
        s.append("\necho \"IAM is set up. Record the upload in Signet: POST /api/v1/applications/<id>/aws/iam-metadata\"\n");
        return s.toString();
    }

    /** The commands that upload new metadata to every IAM SAML provider (after a certificate rotation). */
    public String cliUpdateScript() {
        StringBuilder s = new StringBuilder(prologue("Uploads Signet's current metadata to the IAM SAML provider(s) of the"
                + " application '" + setup.applicationSlug() + "', e.g. after adding or switching a signing certificate."));
        for (String account : accounts()) {
            for (RoleTarget p : providersOf(account)) {
                s.append("aws_in ").append(account).append(" iam update-saml-provider --saml-provider-arn ")
                        .append(quote(p.providerArn())).append(" --saml-metadata-document \"file://$METADATA\"\n");
            }
        }
        return s.toString();
    }

    private String prologue(String purpose) {
        return "#!/usr/bin/env bash\n"
                + "# " + purpose + "\n"
                + "# Generated by Signet. Needs the aws CLI, and the metadata file next to this script (or METADATA=path).\n"
                + "# To rehearse against Signet's AWS emulator: AWS_ENDPOINT_URL_IAM=http://127.0.0.1:9100/iam/ bash " + "<this script>\n"
                + "set -euo pipefail\n"
                + "METADATA=\"${METADATA:-" + metadataFileName() + "}\"\n"
                + "\n"
                + "# Runs aws with the profile named by PROFILE_<account>, when set.\n"
                + "aws_in() {\n"
                + "  local account=\"$1\"; shift\n"
                + "  local profile_var=\"PROFILE_$account\"\n"
                + "  if [[ -n \"${!profile_var:-}\" ]]; then aws --profile \"${!profile_var}\" \"$@\"; else aws \"$@\"; fi\n"
                + "}\n";
    }

    /** A word for bash: single-quoted, with single quotes escaped. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    // ---- CloudFormation ---------------------------------------------------------------------------

    /** Account -> a CloudFormation template (JSON) creating that account's provider(s) and roles. */
    public Map<String, String> cloudFormationTemplates() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String account : accounts()) {
            Map<String, Object> resources = new LinkedHashMap<>();
            Map<String, Object> outputs = new LinkedHashMap<>();
            Map<String, String> providerIds = new LinkedHashMap<>();
            for (RoleTarget p : providersOf(account)) {
                String id = logicalId("SamlProvider", p.providerName());
                providerIds.put(p.providerArn(), id);
                resources.put(id, Map.of("Type", "AWS::IAM::SAMLProvider",
                        "Properties", Map.of("Name", p.providerName(), "SamlMetadataDocument", setup.metadataXml())));
                outputs.put(id + "Arn", Map.of("Value", Map.of("Ref", id)));
            }
            for (Role role : rolesOf(account)) {
                RoleTarget r = role.target();
                String id = logicalId("Role", r.rolePath() + r.roleName());
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("RoleName", r.roleName());
                properties.put("Path", r.rolePath());
                properties.put("MaxSessionDuration", maxSessionDuration());
                properties.put("AssumeRolePolicyDocument", trustPolicy(principal(role.providers().stream()
                        .map(p -> Map.of("Ref", providerIds.get(p.providerArn()))).toList())));
                resources.put(id, Map.of("Type", "AWS::IAM::Role", "Properties", properties));
                outputs.put(id + "Arn", Map.of("Value", Map.of("Fn::GetAtt", List.of(id, "Arn"))));
            }
            Map<String, Object> template = new LinkedHashMap<>();
            template.put("AWSTemplateFormatVersion", "2010-09-09");
            template.put("Description", "Signet application '" + setup.applicationSlug() + "': IAM SAML provider and roles in account "
                    + account + ". Deploy: aws cloudformation deploy --stack-name signet-" + setup.applicationSlug()
                    + " --capabilities CAPABILITY_NAMED_IAM --template-file cloudformation-" + account
                    + ".json. Attach permission policies to the roles separately.");
            template.put("Resources", resources);
            template.put("Outputs", outputs);
            out.put(account, json(template));
        }
        return out;
    }

    /** A CloudFormation logical ID: letters and digits only, unique per name. */
    static String logicalId(String prefix, String name) {
        StringBuilder id = new StringBuilder(prefix);
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        // Different names may lose different characters to the same ID; a short hash keeps them apart.
        return id + Integer.toHexString(name.hashCode() & 0xffff);
    }

    // ---- Terraform --------------------------------------------------------------------------------

    /** A Terraform file with one aws provider alias per account, the SAML provider(s) and the roles. */
    public String terraform() {
        StringBuilder s = new StringBuilder();
        s.append("# Signet application '").append(setup.applicationSlug()).append("': IAM SAML provider(s) and roles.\n")
                .append("# Generated by Signet. The metadata is read from ").append(metadataFileName())
                .append(" next to this file.\n# Set each provider's credentials (profile, assume_role) for its account.\n\n")
                .append("terraform {\n  required_providers {\n    aws = {\n      source = \"hashicorp/aws\"\n    }\n  }\n}\n");
        for (String account : accounts()) {
            String alias = "account_" + account;
            s.append("\nprovider \"aws\" {\n  alias = \"").append(alias).append("\"\n  # profile = \"...\"\n")
                    .append("  allowed_account_ids = [\"").append(account).append("\"]\n}\n");
            Map<String, String> providerResources = new LinkedHashMap<>();
            for (RoleTarget p : providersOf(account)) {
                String name = terraformName("account_" + account + "_" + p.providerName());
                providerResources.put(p.providerArn(), name);
                s.append("\nresource \"aws_iam_saml_provider\" \"").append(name).append("\" {\n  provider               = aws.")
                        .append(alias).append("\n  name                   = \"").append(hcl(p.providerName()))
                        .append("\"\n  saml_metadata_document = file(\"${path.module}/").append(metadataFileName()).append("\")\n}\n");
            }
            for (Role role : rolesOf(account)) {
                RoleTarget r = role.target();
                String name = terraformName("account_" + account + "_" + r.roleName());
                String policy = json(trustPolicy(principal(role.providers().stream()
                        .map(p -> "${aws_iam_saml_provider." + providerResources.get(p.providerArn()) + ".arn}").toList())));
                s.append("\nresource \"aws_iam_role\" \"").append(name).append("\" {\n  provider             = aws.").append(alias)
                        .append("\n  name                 = \"").append(hcl(r.roleName())).append("\"\n  path                 = \"")
                        .append(hcl(r.rolePath())).append("\"\n  max_session_duration = ").append(maxSessionDuration())
                        .append("\n  assume_role_policy   = <<-POLICY\n").append(indent(policy, "    ")).append("\n    POLICY\n}\n");
            }
        }
        return s.toString();
    }

    /** A Terraform resource name (callers start it with a letter). */
    private static String terraformName(String raw) {
        return raw.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** A value inside a Terraform string: quotes, backslashes and interpolation markers escaped. */
    private static String hcl(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${").replace("%{", "%%{");
    }

    private static String indent(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
