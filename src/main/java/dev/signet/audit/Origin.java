package dev.signet.audit;

import java.util.UUID;

/** Where an action came from: the client, the request ID, and the signed-in actor if any. */
public record Origin(String clientAddress, String userAgent, String requestId, UUID actorUserId, String actorUsername) {

    public static Origin system() {
        return new Origin(null, null, null, null, "system");
    }

    public Origin withActor(UUID userId, String username) {
        return new Origin(clientAddress, userAgent, requestId, userId, username);
    }
}
