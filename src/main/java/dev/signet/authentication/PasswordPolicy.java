package dev.signet.authentication;

import dev.signet.config.SignetConfig.PasswordSettings;
import java.util.Optional;
import java.util.function.IntSupplier;

/** Length limits only (as NIST SP 800-63B advises); the maximum stops hashing-cost attacks. */
public final class PasswordPolicy {
    /** Read on every check, so that a change in the admin console applies without a restart. */
    private final IntSupplier minLength;
    private final IntSupplier maxLength;

    public PasswordPolicy(PasswordSettings settings) {
        this(settings::minLength, settings::maxLength);
    }

    public PasswordPolicy(IntSupplier minLength, IntSupplier maxLength) {
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /** A message saying what is wrong with the password, or empty when it is acceptable. */
    public Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Password is required.");
        }
        int length = password.codePointCount(0, password.length());
        int minLength = this.minLength.getAsInt();
        int maxLength = this.maxLength.getAsInt();
        if (length < minLength) {
            return Optional.of("Password must be at least " + minLength + " characters.");
        }
        if (length > maxLength) {
            return Optional.of("Password must be at most " + maxLength + " characters.");
        }
        return Optional.empty();
    }

    public int maxLength() {
        return maxLength.getAsInt();
    }
}
