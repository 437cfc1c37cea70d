package dev.signet.aws.iam;

import java.util.List;

/**
 * What the IAM artifacts are generated from: the application, the metadata to upload, the sign-in
 * URL the responses name as Recipient (the trust policies' SAML:aud), the roles, which optional
 * attributes are sent (they need more actions in the trust policy) and the session length.
 */
public record IamSetup(
        String applicationSlug,
        String metadataXml,
        String acsUrl,
        List<RoleTarget> roles,
        boolean sendsPrincipalTags,
        boolean sendsSourceIdentity,
        int maxSessionDurationSeconds) {
}
