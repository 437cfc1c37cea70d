package dev.signet.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 seals for small values that travel through the browser (a validated AuthnRequest
 * waiting for sign-in, a logout chain's session), so any node can trust what comes back. The
 * purpose is part of what is sealed, so a seal made for one use is refused for another.
 */
public final class MessageSeal {
    private final byte[] key;

    public MessageSeal(byte[] key) {
        this.key = key.clone();
    }

    /** {@code body + "." + base64url(HMAC(purpose|body))}, the HMAC cut to {@code macBytes}. */
    public String seal(String purpose, String body, int macBytes) {
        return body + "." + mac(purpose, body, macBytes);
    }

    /** The body of a seal made for this purpose, or null when it was not made with this key (compared in constant time). */
    public String open(String purpose, String sealed, int macBytes) {
        int dot = sealed == null ? -1 : sealed.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String body = sealed.substring(0, dot);
        boolean valid = MessageDigest.isEqual(mac(purpose, body, macBytes).getBytes(StandardCharsets.US_ASCII),
                sealed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return valid ? body : null;
    }

    private String mac(String purpose, String body, int macBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal((purpose + "|" + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, macBytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
