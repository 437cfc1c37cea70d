package dev.signet.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens that need no server-side storage: an HMAC of the session token for signed-in users,
 * or of a random pre-session cookie for the login form. A page from another site can neither read
 * the cookie nor compute the HMAC without the instance key.
 */
public final class Csrf {
    public static final String FORM_FIELD = "csrf";
    public static final String HEADER = "X-CSRF-Token";

    private final byte[] key;
    private final Cookies cookies;

    public Csrf(byte[] key, Cookies cookies) {
        this.key = key.clone();
        this.cookies = cookies;
    }

    /** The token for forms on this page, creating the pre-session cookie when needed. */
    public String token(Context ctx, String sessionToken) {
        if (sessionToken != null) {
            return mac("session|" + sessionToken);
        }
        String anon = ctx.cookie(Cookies.CSRF);
        if (anon == null || anon.length() < 20 || anon.length() > 100) {
            anon = dev.signet.authentication.Tokens.newToken();
            cookies.set(ctx, Cookies.CSRF, anon);
        }
        return mac("anon|" + anon);
    }

    /** Throws {@link ForbiddenException} unless the request carries the right token in the form or header. */
    public void check(Context ctx, String sessionToken) {
        String sent = ctx.header(HEADER);
        if (sent == null && isForm(ctx)) {
            sent = ctx.formParam(FORM_FIELD);
        }
        String expected;
        if (sessionToken != null) {
            expected = mac("session|" + sessionToken);
        } else {
            String anon = ctx.cookie(Cookies.CSRF);
            expected = anon == null ? null : mac("anon|" + anon);
        }
        if (sent == null || expected == null
                || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("The form has expired or did not come from this site. Reload the page and try again.");
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    private String mac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
