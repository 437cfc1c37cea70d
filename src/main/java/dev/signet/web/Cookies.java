package dev.signet.web;

import io.javalin.http.Context;
import java.util.function.BooleanSupplier;

/**
 * Writes Signet's cookies with the flags a security review expects: HttpOnly, SameSite=Lax, Path=/,
 * and Secure whenever the public URL is https.
 */
public final class Cookies {
    public static final String SESSION = "signet_session";
    public static final String CSRF = "signet_csrf";

    private final BooleanSupplier secure;

    /** {@code secure} is asked per cookie: the public URL can change at runtime (console settings). */
    public Cookies(BooleanSupplier secure) {
        this.secure = secure;
    }

    /** A browser-session cookie (no Max-Age): the server enforces idle and absolute lifetimes. */
    public void set(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax" + (secure.getAsBoolean() ? "; Secure" : ""));
    }

    public void clear(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure.getAsBoolean() ? "; Secure" : ""));
    }
}
