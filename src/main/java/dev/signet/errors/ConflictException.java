package dev.signet.errors;

/** The change clashes with existing data (a taken username or slug, a cycle). Maps to 409. */
public final class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
