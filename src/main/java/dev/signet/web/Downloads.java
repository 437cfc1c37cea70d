package dev.signet.web;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/** A response the browser saves as a file rather than shows: certificates, IAM setup files. */
public final class Downloads {
    /** What may appear in a download's file name; anything else (quotes, slashes, control characters) becomes "_". */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._+=@-]");

    private Downloads() {
    }

    /** Sends {@code content} as an attachment named {@code fileName}, of media type {@code contentType}. */
    public static void attachment(Context ctx, String fileName, String contentType, String content) {
        headers(ctx, fileName, contentType).result(content);
    }

    /** {@link #attachment(Context, String, String, String)} for binary or already encoded content. */
    public static void attachment(Context ctx, String fileName, String contentType, byte[] content) {
        headers(ctx, fileName, contentType).result(content);
    }

    private static Context headers(Context ctx, String fileName, String contentType) {
        return ctx.header("Content-Disposition", "attachment; filename=\"" + safeFileName(fileName) + "\"").contentType(contentType);
    }

    /** The file name with every character outside [A-Za-z0-9._+=@-] replaced by "_". */
    public static String safeFileName(String fileName) {
        return UNSAFE.matcher(fileName).replaceAll("_");
    }
}
