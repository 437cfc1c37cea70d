package dev.signet.saml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A validated AuthnRequest waiting for the user to sign in, carried in the continue URL as an
 * HMAC-sealed token instead of server state, so any node can finish it. The request was checked
 * and its ID recorded against replay before it was sealed; the token expires after ten minutes.
 */
public final class PendingRequests {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build();

    private final byte[] key;
    private final Clock clock;

    public PendingRequests(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    public String seal(ValidatedRequest request) {
        try {
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(request));
            return body + "." + mac(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request in the token; a {@link SamlErrors.PageError} when forged, damaged, for another application, or expired. */
    public ValidatedRequest open(String token, String slug) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0 || token.length() > 4096
                || !MessageDigest.isEqual(mac(token.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw new SamlErrors.PageError("pending-invalid", "This sign-in link is damaged. Start again from the application.");
        }
        ValidatedRequest r;
        try {
            r = JSON.readValue(Base64.getUrlDecoder().decode(token.substring(0, dot)), ValidatedRequest.class);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SamlErrors.PageError("pending-invalid", "This sign-in link is damaged. Start again from the application.");
        }
        if (!slug.equals(r.slug())) {
            throw new SamlErrors.PageError("pending-invalid", "This sign-in link belongs to another application.");
        }
        if (!clock.instant().isBefore(r.receivedAt().plus(LIFETIME))) {
            throw new SamlErrors.PageError("pending-expired", "This sign-in took too long. Start again from the application.");
        }
        return r;
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("saml-pending|" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An AuthnRequest that passed every check: what the response needs from it. */
    public record ValidatedRequest(String slug, String requestId, String acsUrl, SamlBinding binding, boolean forceAuthn,
                                   boolean isPassive, String relayState, Instant receivedAt) {
    }
}
