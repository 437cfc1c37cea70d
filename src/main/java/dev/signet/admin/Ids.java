package dev.signet.admin;

import dev.signet.errors.NotFoundException;
import io.javalin.http.Context;
import java.util.UUID;

/** Parses IDs from paths and bodies; a malformed ID in a path is simply an unknown object (404). */
public final class Ids {
    private Ids() {
    }

    public static UUID parseOrNull(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static UUID path(Context ctx, String param, String what) {
        UUID id = parseOrNull(ctx.pathParam(param));
        if (id == null) {
            throw new NotFoundException(what);
        }
        return id;
    }
}
