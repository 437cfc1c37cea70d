package dev.signet.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What makes a SAML application an AWS application: the sign-in endpoint's region (null: global),
 * the AWS partition, the console session length, the default IAM SAML provider name, the role
 * mapping, the session tags (tag key to user attribute), whether SourceIdentity is sent, and the
 * metadata the admin last uploaded to IAM.
 */
public record AwsApplication(
        UUID applicationId,
        String region,
        String partition,
        int sessionDuration,
        String providerName,
        List<RoleRule> roleRules,
        Map<String, String> principalTags,
        boolean sourceIdentity,
        String iamMetadata,
        Instant iamMetadataRecordedAt,
        Instant createdAt,
        Instant updatedAt) {

    public static final String AUDIENCE = "urn:amazon:webservices";
    public static final int MIN_SESSION = 900;
    public static final int MAX_SESSION = 43_200;
    public static final int DEFAULT_SESSION = 3_600;

    /** The sign-in URL AWS receives the assertion at (the ACS and the Recipient). */
    public String signInUrl() {
        return signInUrl(region);
    }

    public static String signInUrl(String region) {
        return region == null ? "https://signin.aws.amazon.com/saml" : "https://" + region + ".signin.aws.amazon.com/saml";
    }
}
