package dev.signet.errors;

/** The addressed object does not exist. Maps to 404. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String what) {
        super(what + " not found");
    }
}
