package dev.signet.admin;

import dev.signet.errors.FieldErrors;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The ?limit=&offset=&name= convention of every list endpoint and console list, and the page envelope the API answers with. */
public final class Paging {
    static final int DEFAULT_LIMIT = 50;

    private Paging() {
    }

    public static PageRequest from(Context ctx) {
        FieldErrors errors = new FieldErrors();
        int limit = number(ctx, "limit", DEFAULT_LIMIT, 1, PageRequest.MAX_LIMIT, errors);
        int offset = number(ctx, "offset", 0, 0, Integer.MAX_VALUE, errors);
        String name = ctx.queryParam("name");
        if (name != null && name.length() > 200) {
            errors.add("name", "Filter must be at most 200 characters.");
        }
        errors.throwIfAny();
        return new PageRequest(limit, offset, name == null ? "" : name);
    }

    static int number(Context ctx, String param, int fallback, int min, int max, FieldErrors errors) {
        String v = ctx.queryParam(param);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(param, "Must be a whole number from " + min + " to " + max + ".");
        return fallback;
    }

    static <T> Map<String, Object> envelope(Page<T> page, Function<T, Object> representation) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> items = page.items().stream().map(representation).toList();
        out.put("items", items);
        out.put("total", page.total());
        out.put("limit", page.limit());
        out.put("offset", page.offset());
        return out;
    }
}
