package dev.signet.awsemulator;

/** The error codes the emulator answers with, each with the HTTP status AWS uses for it. */
public enum AwsError {
    // STS, from the table in aws-saml-rules.md
    INVALID_IDENTITY_TOKEN("InvalidIdentityToken", 400),
    EXPIRED_TOKEN("ExpiredTokenException", 400),
    IDP_REJECTED_CLAIM("IDPRejectedClaim", 403),
    ACCESS_DENIED("AccessDenied", 403),
    VALIDATION_ERROR("ValidationError", 400),
    // IAM
    NO_SUCH_ENTITY("NoSuchEntity", 404),
    ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409),
    INVALID_INPUT("InvalidInput", 400),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400),
    // both query APIs
    INVALID_ACTION("InvalidAction", 400);

    private final String code;
    private final int httpStatus;

    AwsError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** An exception carrying this error and AWS's message text. */
    public AwsException with(String message) {
        return new AwsException(this, message, null);
    }

    /** As {@link #with(String)}, plus the emulator's own finer reason (AWS only says the message). */
    public AwsException with(String message, String detail) {
        return new AwsException(this, message, detail);
    }
}
