package dev.signet.web;

/** No valid credentials. 401 for the API; a redirect to the login page for pages. */
public final class AuthRequiredException extends RuntimeException {
    public AuthRequiredException() {
        super("authentication required");
    }
}
