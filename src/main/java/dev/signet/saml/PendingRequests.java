package dev.signet.saml;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.keys.MessageSeal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A validated AuthnRequest waiting for the user to sign in, carried in the continue URL as an
 * HMAC-sealed token instead of server state, so any node can finish it. The request was checked
 * and its ID recorded against replay before it was sealed; the token expires after ten minutes.
 */
public final class PendingRequests {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build();

    private static final String PURPOSE = "saml-pending";
    private final MessageSeal seals;
    private final Clock clock;

    public PendingRequests(MessageSeal seals, Clock clock) {
        this.seals = seals;
        this.clock = clock;
    }

    public String seal(ValidatedRequest request) {
        try {
            String body = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(request));
            return seals.seal(PURPOSE, body, 32);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request in the token; a {@link SamlErrors.PageError} when forged, damaged, for another application, or expired. */
    public ValidatedRequest open(String token, String slug) {
        String body = token == null || token.length() > 4096 ? null : seals.open(PURPOSE, token, 32);
        if (body == null) {
            throw new SamlErrors.PageError("pending-invalid", "This sign-in link is damaged. Start again from the application.");
        }
        ValidatedRequest r;
        try {
            r = JSON.readValue(Base64.getUrlDecoder().decode(body), ValidatedRequest.class);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SamlErrors.PageError("pending-invalid", "This sign-in link is damaged. Start again from the application.");
        }
        if (!slug.equals(r.slug())) {
            throw new SamlErrors.PageError("pending-invalid", "This sign-in link belongs to another application.");
        }
        if (!clock.instant().isBefore(r.receivedAt().plus(LIFETIME))) {
            throw new SamlErrors.PageError("pending-expired", "This sign-in took too long. Start again from the application.");
        }
        return r.resumed();
    }

    /**
     * An AuthnRequest that passed every check: what the response needs from it. {@code fromToken} is
     * true when it came back in a continue token, which a browser can present more than once; it is
     * set on opening and never sealed into the token, so nodes of the previous version read the token too.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ValidatedRequest(String slug, String requestId, String acsUrl, SamlBinding binding, boolean forceAuthn,
                                   boolean isPassive, String relayState, Instant receivedAt, @JsonIgnore boolean fromToken) {
        ValidatedRequest resumed() {
            return new ValidatedRequest(slug, requestId, acsUrl, binding, forceAuthn, isPassive, relayState, receivedAt, true);
        }
    }
}
