package dev.signet.web;

/** A request that cannot be understood at all (malformed JSON, wrong content type). Maps to 400. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
