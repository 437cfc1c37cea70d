package dev.signet.console;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Files chosen in a multipart form (PEM files, metadata), read with a size limit; a problem is an error on the form. */
final class Uploads {
    private Uploads() {
    }

    /** The uploaded file's text (UTF-8); null when no file was chosen or it could not be taken. Problems go on {@code field}. */
    static String text(Context ctx, Form form, String field, int maxBytes) {
        return text(ctx, form, field, field, maxBytes);
    }

    /** As {@link #text(Context, Form, String, int)}, with the messages on {@code errorField} (the pasted-text field the file replaces). */
    static String text(Context ctx, Form form, String fileField, String errorField, int maxBytes) {
        byte[] bytes = bytes(ctx, form, fileField, errorField, maxBytes);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The uploaded file's bytes, as sent (for XML that declares its own encoding); null when no file was
     * chosen, or when it is larger than {@code maxBytes} or unreadable, which adds a message for {@code errorField}.
     * At most {@code maxBytes + 1} bytes are read, whatever size the part claims.
     */
    static byte[] bytes(Context ctx, Form form, String fileField, String errorField, int maxBytes) {
        if (!ctx.isMultipartFormData()) {
            return null;
        }
        UploadedFile file = ctx.uploadedFile(fileField);
        if (file == null || file.size() == 0) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            form.error(errorField, "The file could not be read.");
            return null;
        }
        if (bytes.length > maxBytes) {
            form.error(errorField, "The file is larger than " + size(maxBytes) + ".");
            return null;
        }
        return bytes;
    }

    /** A limit as people read it: whole KiB when it is a multiple of 1024, else whole kB, else bytes. */
    static String size(int bytes) {
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes % 1000 == 0 ? bytes / 1000 + " kB" : bytes + " bytes";
    }
}
