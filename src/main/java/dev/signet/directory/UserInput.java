package dev.signet.directory;

import java.util.Map;

/**
 * Fields of a user to create or change; null means "not given" (keep the current value on update).
 * {@code passwordHash} imports an existing Argon2id hash in PHC format instead of a password.
 */
public record UserInput(
        String username, String email, String displayName, Boolean active, Boolean admin,
        Map<String, Object> attributes, String password, String passwordHash) {
}
