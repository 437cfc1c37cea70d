package dev.signet.awsemulator;

/**
 * A request AWS would refuse: the error code, AWS's message text, and optionally a more precise
 * reason from the emulator (AWS's texts are terse, e.g. "Response signature invalid" for any signature problem).
 */
public final class AwsException extends RuntimeException {
    private final AwsError error;
    private final String detail;

    AwsException(AwsError error, String message, String detail) {
        super(message, null, false, false);
        this.error = error;
        this.detail = detail;
    }

    public AwsError error() {
        return error;
    }

    /** The emulator's finer reason, or null when the message says it all. */
    public String detail() {
        return detail;
    }
}
