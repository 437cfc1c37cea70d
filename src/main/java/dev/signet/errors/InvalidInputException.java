package dev.signet.errors;

import java.util.List;

/** The request named fields with bad values; nothing was written. Maps to 400 / a form with messages. */
public final class InvalidInputException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super("invalid input: " + errors);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One bad field and what is wrong with it, phrased for the person who typed it. */
    public record FieldError(String field, String message) {
    }
}
