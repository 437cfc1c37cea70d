package dev.signet.admin;

import dev.signet.directory.DirectoryService;
import dev.signet.directory.User;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import java.util.UUID;

/** The user an admin picks for a test evaluation or a preflight: required, and a bad ID is a field error, not a 404. */
public final class ChosenUser {
    private ChosenUser() {
    }

    public static User of(DirectoryService directory, UUID userId) {
        if (userId == null) {
            throw InvalidInputException.of("userId", "Choose the user to test with.");
        }
        try {
            return directory.getUser(userId);
        } catch (NotFoundException e) {
            throw InvalidInputException.of("userId", "No user has this ID.");
        }
    }
}
