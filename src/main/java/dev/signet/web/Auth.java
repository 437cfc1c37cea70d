package dev.signet.web;

import dev.signet.audit.Origin;
import dev.signet.authentication.SessionService;
import dev.signet.storage.SessionRepository.SessionWithUser;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Per-request view of who is signed in (resolved once from the session cookie and cached on the
 * request) and where the request comes from.
 */
public final class Auth {
    private static final String SESSION_ATTRIBUTE = "signet.session";
    private static final String REQUEST_ID_ATTRIBUTE = "signet.requestId";

    private final SessionService sessions;
    private final ClientAddress clientAddress;

    public Auth(SessionService sessions, ClientAddress clientAddress) {
        this.sessions = sessions;
        this.clientAddress = clientAddress;
    }

    public Optional<SessionWithUser> session(Context ctx) {
        Optional<SessionWithUser> cached = ctx.attribute(SESSION_ATTRIBUTE);
        if (cached == null) {
            cached = sessions.resolve(ctx.cookie(Cookies.SESSION));
            ctx.attribute(SESSION_ATTRIBUTE, cached);
        }
        return cached;
    }

    /** The raw session token, only when it belongs to a live session. */
    public String sessionToken(Context ctx) {
        return session(ctx).isPresent() ? ctx.cookie(Cookies.SESSION) : null;
    }

    public void forget(Context ctx) {
        ctx.attribute(SESSION_ATTRIBUTE, Optional.empty());
    }

    public Origin origin(Context ctx) {
        Origin origin = new Origin(clientAddress.of(ctx), ctx.header("User-Agent"), requestId(ctx), null, null);
        Optional<SessionWithUser> s = ctx.attribute(SESSION_ATTRIBUTE);
        return s != null && s.isPresent() ? origin.withActor(s.get().user().id(), s.get().user().username()) : origin;
    }

    public static void assignRequestId(Context ctx, String id) {
        ctx.attribute(REQUEST_ID_ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
    }

    public static String requestId(Context ctx) {
        return ctx.attribute(REQUEST_ID_ATTRIBUTE);
    }

    public String clientAddress(Context ctx) {
        return clientAddress.of(ctx);
    }
}
