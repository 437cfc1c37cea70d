package dev.signet.aws.iam;

/** One IAM role to create, in its account, trusting the IAM SAML provider of that name. */
public record RoleTarget(String partition, String accountId, String roleName, String rolePath, String providerName) {

    public String roleArn() {
        return "arn:" + partition + ":iam::" + accountId + ":role" + rolePath + roleName;
    }

    public String providerArn() {
        return "arn:" + partition + ":iam::" + accountId + ":saml-provider/" + providerName;
    }
}
