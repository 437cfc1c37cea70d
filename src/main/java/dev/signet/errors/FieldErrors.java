package dev.signet.errors;

import dev.signet.errors.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Collects every bad field of one request so that they are all reported together. */
public final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /** Throws when anything was added. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
