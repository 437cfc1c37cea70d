package dev.signet.web;

/** Signet cannot serve this now (database down, hashing queue full); try again later. Maps to 503. */
public final class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
