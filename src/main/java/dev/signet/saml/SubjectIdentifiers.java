package dev.signet.saml;

import dev.signet.storage.Database;
import dev.signet.storage.InstanceStateRepository;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque identifiers derived from an instance-wide secret kept in the database (so every node
 * derives the same ones): persistent NameIDs, stable per user and SP and unlinkable across SPs, and
 * SessionIndex values, stable per SSO session and application.
 */
public final class SubjectIdentifiers {
    private static final String STATE_KEY = "saml.pairwise.secret";

    /** Two MACs per response, on the hot path: one initialised Mac per thread instead of a provider lookup each time. */
    private final ThreadLocal<Mac> macs;

    private SubjectIdentifiers(byte[] secret) {
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Loads the secret, creating it on the first start of the instance. */
    public static SubjectIdentifiers load(Database db, Clock clock) {
        InstanceStateRepository state = new InstanceStateRepository();
        String stored = db.read(h -> state.get(h, STATE_KEY)).orElse(null);
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            db.transaction(h -> state.insertIfAbsent(h, STATE_KEY, Base64.getEncoder().encodeToString(fresh), clock.instant()));
            stored = db.read(h -> state.get(h, STATE_KEY)).orElseThrow();
        }
        return new SubjectIdentifiers(Base64.getDecoder().decode(stored));
    }

    /**
     * The persistent NameID of a user at an SP: keyed by the SP's entity ID (not the application), so
     * recreating the application keeps every user's identity at the SP.
     */
    public String persistentId(UUID userId, String spEntityId) {
        return HexFormat.of().formatHex(mac("nameid|" + userId + "|" + spEntityId), 0, 20);
    }

    public String sessionIndex(UUID sessionId, UUID applicationId) {
        return "_" + HexFormat.of().formatHex(mac("session|" + sessionId + "|" + applicationId), 0, 20);
    }

    private byte[] mac(String message) {
        return macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
