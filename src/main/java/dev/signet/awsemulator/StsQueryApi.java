package dev.signet.awsemulator;

import static dev.signet.awsemulator.QueryXml.element;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * STS's {@code AssumeRoleWithSAML} in the AWS query protocol ({@code POST /} or {@code /sts}). Like the
 * real one it needs no credentials: the signed assertion is the credential.
 */
final class StsQueryApi {
    static final String VERSION = "2011-06-15";
    private static final int MIN_DURATION = 900;
    private static final int MAX_DURATION = 43_200;
    private static final int DEFAULT_DURATION = 3600;
    private static final int MIN_ASSERTION = 4;
    private static final int MAX_ASSERTION = 100_000;

    private final SamlResponseCheck check;
    private final Federation federation;
    private final AwsIds ids;
    private final Clock clock;

    StsQueryApi(SamlResponseCheck check, Federation federation, AwsIds ids, Clock clock) {
        this.check = check;
        this.federation = federation;
        this.ids = ids;
        this.clock = clock;
    }

    void handle(Context ctx, Map<String, String> form) {
        String requestId = ids.requestId();
        try {
            String action = form.get("Action");
            if (!"AssumeRoleWithSAML".equals(action)) {
                throw AwsError.INVALID_ACTION.with("Could not find operation " + action + " for version " + form.get("Version"));
            }
            QueryXml.success(ctx, QueryXml.STS_NS, "AssumeRoleWithSAML", assumeRoleWithSaml(form), requestId);
        } catch (AwsException e) {
            QueryXml.error(ctx, QueryXml.STS_NS, e, requestId);
        }
    }

    private String assumeRoleWithSaml(Map<String, String> form) {
        String roleArn = required(form, "RoleArn", "roleArn");
        String principalArn = required(form, "PrincipalArn", "principalArn");
        String assertion = required(form, "SAMLAssertion", "sAMLAssertion");
        if (assertion.length() < MIN_ASSERTION || assertion.length() > MAX_ASSERTION) {
            throw AwsError.VALIDATION_ERROR.with("1 validation error detected: Value at 'sAMLAssertion' failed to satisfy "
                    + "constraint: Member must have length between 4 and 100000");
        }
        if (roleArn.length() < 20 || principalArn.length() < 20) {
            throw AwsError.VALIDATION_ERROR.with("1 validation error detected: RoleArn and PrincipalArn must have length "
                    + "greater than or equal to 20");
        }
        int duration = durationSeconds(form.get("DurationSeconds"));

        Federation.Grant grant = federation.assume(check.parse(assertion), roleArn, principalArn);
        if (duration > grant.role().maxSessionDurationSeconds()) {
            throw AwsError.VALIDATION_ERROR.with("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Instant now = clock.instant();
        long seconds = duration;
        Long untilSessionEnd = grant.secondsUntilSessionEnd(now);
        if (untilSessionEnd != null) {
            seconds = Math.min(seconds, untilSessionEnd);
        }
        return result(grant, now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS));
    }

    /** The elements of AssumeRoleWithSAMLResult, in the order STS writes them. */
    private String result(Federation.Grant grant, Instant expiration) {
        CheckedAssertion a = grant.assertion();
        IamRole role = grant.role();
        String credentials = element("AccessKeyId", ids.temporaryAccessKeyId())
                + element("SecretAccessKey", ids.secretAccessKey())
                + element("SessionToken", ids.sessionToken())
                + element("Expiration", expiration.toString());
        String assumedRoleUser = element("AssumedRoleId", role.roleId() + ":" + a.roleSessionName())
                + element("Arn", "arn:aws:sts::" + role.arn().account() + ":assumed-role/" + role.arn().name() + "/" + a.roleSessionName());
        // STS reports PackedPolicySize (percent of the packed limit) only when session tags or policies were passed.
        Integer packed = a.principalTags().isEmpty() ? null : packedPolicySize(a.principalTags());
        return "<Credentials>" + credentials + "</Credentials>"
                + "<AssumedRoleUser>" + assumedRoleUser + "</AssumedRoleUser>"
                + element("Audience", a.recipient())
                + element("Issuer", a.issuer())
                + element("Subject", a.nameId())
                + element("SubjectType", a.subjectType())
                + element("NameQualifier", a.nameQualifier())
                + element("SourceIdentity", a.sourceIdentity())
                + element("PackedPolicySize", packed);
    }

    /** A rough stand-in for AWS's undocumented packing: tag characters against a 2,048-character budget. */
    private static int packedPolicySize(Map<String, String> tags) {
        int chars = tags.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        return Math.max(1, (int) Math.ceil(chars * 100.0 / 2048));
    }

    private static int durationSeconds(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DURATION;
        }
        try {
            int seconds = Integer.parseInt(value.trim());
            if (seconds >= MIN_DURATION && seconds <= MAX_DURATION) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw AwsError.VALIDATION_ERROR.with("1 validation error detected: Value '" + value
                + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
    }

    private static String required(Map<String, String> form, String name, String memberName) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsError.VALIDATION_ERROR.with("1 validation error detected: Value null at '" + memberName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }
}
