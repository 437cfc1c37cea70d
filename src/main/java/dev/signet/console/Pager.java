package dev.signet.console;

import dev.signet.storage.Page;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Previous/next links for a paged list, keeping the list's filters in the links. */
public record Pager(String path, Map<String, String> filters, long total, int limit, int offset) {
    public static Pager of(String path, Map<String, String> filters, Page<?> page) {
        return new Pager(path, filters, page.total(), page.limit(), page.offset());
    }

    /**
     * The ?offset= of a console list: lenient, unlike the API's {@link dev.signet.admin.Paging}, since the
     * links carry it; a missing, malformed or negative one is the first page.
     */
    public static int offset(Context ctx) {
        String v = ctx.queryParam("offset");
        try {
            return v == null ? 0 : Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public boolean hasNext() {
        return offset + limit < total;
    }

    public String previous() {
        return link(Math.max(0, offset - limit));
    }

    public String next() {
        return link(offset + limit);
    }

    /** "21-40 of 75". */
    public String range() {
        if (total == 0) {
            return "none";
        }
        return (offset + 1) + "–" + Math.min(total, offset + limit) + " of " + total;
    }

    private String link(int newOffset) {
        Map<String, String> q = new LinkedHashMap<>();
        filters.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                q.put(k, v);
            }
        });
        if (newOffset > 0) {
            q.put("offset", String.valueOf(newOffset));
        }
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : q.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
