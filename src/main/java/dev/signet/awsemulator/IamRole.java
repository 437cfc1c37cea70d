package dev.signet.awsemulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An IAM role as far as federation cares: who may assume it (trust policy) and for how long. */
record IamRole(IamArn arn, String roleId, JsonNode trustPolicy, int maxSessionDurationSeconds, Instant createDate) {
    static final int DEFAULT_MAX_SESSION = 3600;
    static final int MIN_MAX_SESSION = 3600;
    static final int MAX_MAX_SESSION = 43_200;
}
