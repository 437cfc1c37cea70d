package dev.signet.web;

import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Views.Chrome;
import io.javalin.http.Context;

/** Builds the page header data for the signed-in user of a request. */
public final class Chromes {
    private final Auth auth;
    private final Csrf csrf;

    public Chromes(Auth auth, Csrf csrf) {
        this.auth = auth;
        this.csrf = csrf;
    }

    /** The header for a page that requires sign-in; throws when nobody is signed in. */
    public Chrome of(Context ctx, String title) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        return new Chrome(title, s.user(), csrf.token(ctx, auth.sessionToken(ctx)));
    }
}
