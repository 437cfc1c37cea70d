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

    /** A LIKE pattern for the filter, with LIKE's own wildcards escaped. */
    public String likePattern() {
        String f = filter == null ? "" : filter.toLowerCase(java.util.Locale.ROOT);
        return "%" + f.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
