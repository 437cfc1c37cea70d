package dev.signet.storage;

import java.util.Locale;

/** LIKE patterns for user-supplied text, with LIKE's wildcards escaped; every query uses ESCAPE '!'. */
final class Like {
    private Like() {
    }

    /** Matches values that contain the text, compared lower-case. */
    static String containing(String text) {
        return "%" + escaped(text.toLowerCase(Locale.ROOT)) + "%";
    }

    /** Matches values that start with the text as written. */
    static String startingWith(String text) {
        return escaped(text) + "%";
    }

    private static String escaped(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
