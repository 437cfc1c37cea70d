package dev.signet.storage;

/** Limit/offset paging with an optional case-insensitive substring filter. */
public record PageRequest(int limit, int offset, String filter) {
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset out of range");
        }
    }

    /** A LIKE pattern (ESCAPE '!') matching the filter anywhere, ignoring case. */
    public String likePattern() {
        return Like.containing(filter == null ? "" : filter);
    }
}
