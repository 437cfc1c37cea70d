package dev.signet.authentication;

import dev.signet.config.SignetConfig.PasswordSettings;
import java.util.Optional;

/** Length limits only (as NIST SP 800-63B advises); the maximum stops hashing-cost attacks. */
public final class PasswordPolicy {
    private final int minLength;
    private final int maxLength;

    public PasswordPolicy(PasswordSettings settings) {
        this.minLength = settings.minLength();
        this.maxLength = settings.maxLength();
    }

    /** A message saying what is wrong with the password, or empty when it is acceptable. */
    public Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Password is required.");
        }
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            return Optional.of("Password must be at least " + minLength + " characters.");
        }
        if (length > maxLength) {
            return Optional.of("Password must be at most " + maxLength + " characters.");
        }
        return Optional.empty();
    }

    public int maxLength() {
        return maxLength;
    }
}
