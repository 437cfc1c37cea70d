package dev.signet.awsemulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator's trust policy evaluator on its own. */
class AwsEmulatorTrustPolicyTest {
    private static final String PROVIDER = "arn:aws:iam::111122223333:saml-provider/Signet";
    private static final Map<String, String> CONTEXT = Map.of("saml:aud", "https://signin.aws.amazon.com/saml",
            "saml:sub", "alice-7f3a", "saml:sub_type", "persistent");

    private static JsonNode policy(String json) throws Exception {
        return EmulatorJson.MAPPER.readTree(json.replace('\'', '"'));
    }

    private static boolean allows(String json, String action) throws Exception {
        return TrustPolicy.allows(policy(json), PROVIDER, action, CONTEXT);
    }

    @Test
    void federated_principal_and_action_must_match() throws Exception {
        String policy = "{'Statement':[{'Effect':'Allow','Principal':{'Federated':'" + PROVIDER + "'},'Action':'sts:AssumeRoleWithSAML'}]}";
        assertThat(allows(policy, "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows(policy, "sts:TagSession")).isFalse();
        assertThat(allows(policy.replace("Signet", "Other"), "sts:AssumeRoleWithSAML")).isFalse();
    }

    @Test
    void action_wildcards_and_lists() throws Exception {
        assertThat(allows("{'Statement':{'Effect':'Allow','Principal':{'Federated':['x','" + PROVIDER + "']},'Action':['sts:Tag*','sts:Assume?oleWithSAML']}}",
                "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows("{'Statement':{'Effect':'Allow','Principal':{'Federated':'" + PROVIDER + "'},'Action':'sts:*'}}", "sts:TagSession")).isTrue();
    }

    @Test
    void deny_wins_over_allow() throws Exception {
        String allow = "{'Effect':'Allow','Principal':{'Federated':'" + PROVIDER + "'},'Action':'sts:AssumeRoleWithSAML'}";
        String deny = "{'Effect':'Deny','Principal':'*','Action':'sts:*','Condition':{'StringEquals':{'SAML:sub_type':'persistent'}}}";
        assertThat(allows("{'Statement':[" + allow + "," + deny + "]}", "sts:AssumeRoleWithSAML")).isFalse();
        assertThat(allows("{'Statement':[" + allow + "," + deny.replace("'persistent'", "'transient'") + "]}", "sts:AssumeRoleWithSAML")).isTrue();
    }

    @Test
    void condition_operators_and_case_insensitive_keys() throws Exception {
        String template = "{'Statement':{'Effect':'Allow','Principal':{'Federated':'" + PROVIDER + "'},'Action':'sts:AssumeRoleWithSAML','Condition':%s}}";
        assertThat(allows(template.formatted("{'StringLike':{'saml:AUD':'https://*.amazon.com/saml'}}"), "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows(template.formatted("{'StringLike':{'saml:sub':'alice-????'}}"), "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows(template.formatted("{'StringLike':{'saml:sub':'alice-???'}}"), "sts:AssumeRoleWithSAML")).isFalse();
        assertThat(allows(template.formatted("{'StringNotEquals':{'saml:sub':['bob','carol']}}"), "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows(template.formatted("{'StringNotEquals':{'saml:sub':'alice-7f3a'}}"), "sts:AssumeRoleWithSAML")).isFalse();
        assertThat(allows(template.formatted("{'StringNotEquals':{'saml:iss':'x'}}"), "sts:AssumeRoleWithSAML")).as("absent key").isTrue();
        assertThat(allows(template.formatted("{'StringEquals':{'saml:iss':'x'}}"), "sts:AssumeRoleWithSAML")).as("absent key").isFalse();
        assertThat(allows(template.formatted("{'ForAnyValue:StringLike':{'saml:aud':['nope','https://signin.*']}}"), "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows(template.formatted("{'StringEqualsIfExists':{'saml:iss':'x'}}"), "sts:AssumeRoleWithSAML")).isTrue();
        assertThat(allows(template.formatted("{'NumericLessThan':{'saml:sub':'1'}}"), "sts:AssumeRoleWithSAML")).as("unknown operator").isFalse();
        assertThat(allows(template.formatted("{'StringEquals':{'saml:aud':'https://signin.aws.amazon.com/saml','saml:sub':'bob'}}"),
                "sts:AssumeRoleWithSAML")).as("every key must hold").isFalse();
    }

    @Test
    void malformed_policies_are_refused_at_role_creation() throws Exception {
        assertThatThrownBy(() -> TrustPolicy.checkWellFormed(policy("{'Statement':[]}"))).isInstanceOf(AwsException.class);
        assertThatThrownBy(() -> TrustPolicy.checkWellFormed(policy("{'Statement':{'Effect':'Maybe','Principal':'*','Action':'*'}}")))
                .hasMessageContaining("Effect");
        assertThatThrownBy(() -> TrustPolicy.checkWellFormed(policy("{'Statement':{'Effect':'Allow','Action':'*'}}")))
                .hasMessageContaining("Principal");
    }
}
