package dev.signet.console;

import dev.signet.directory.DirectoryService;
import dev.signet.directory.User;
import dev.signet.errors.Checks;
import dev.signet.errors.InvalidInputException;

/** The user an administrator names by username in a form (to add to a group, to test a mapping with). */
final class UserLookup {
    static final String FIELD = "username";

    private UserLookup() {
    }

    /**
     * The user with {@code username}; refuses, on the username field, an empty username (with
     * {@code whenEmpty}) and one nobody has.
     */
    static User byUsername(DirectoryService directory, String username, String whenEmpty) {
        if (username == null || username.isEmpty()) {
            throw InvalidInputException.of(FIELD, whenEmpty);
        }
        return directory.findUserByUsername(username).orElseThrow(() -> InvalidInputException.of(FIELD,
                "No user has the username '" + Checks.shorten(username, 60) + "'."));
    }
}
