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

    /** Adds the other's errors, except for fields that already have one here. */
    public FieldErrors addAll(FieldErrors other) {
        for (FieldError e : other.errors) {
            if (errors.stream().noneMatch(mine -> mine.field().equals(e.field()))) {
                errors.add(e);
            }
        }
        return this;
    }

    /** Throws when anything was added. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
