package dev.signet.web;

/** Authenticated but not allowed (a non-admin on the admin API, a bad CSRF token). Maps to 403. */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
