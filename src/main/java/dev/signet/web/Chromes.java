package dev.signet.web;

import dev.signet.directory.DirectoryService;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Views.Chrome;
import io.javalin.http.Context;

/** Builds the page header data for the signed-in user of a request. */
public final class Chromes {
    private final Auth auth;
    private final Csrf csrf;
    private final DirectoryService directory;

    public Chromes(Auth auth, Csrf csrf, DirectoryService directory) {
        this.auth = auth;
        this.csrf = csrf;
        this.directory = directory;
    }

    /** The header for a page that requires sign-in; throws when nobody is signed in. */
    public Chrome of(Context ctx, String title) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        boolean admin = DirectoryService.isAdministrator(s.user(), directory.effectiveGroups(s.user().id()));
        return new Chrome(title, s.user(), admin, csrf.token(ctx, auth.sessionToken(ctx)));
    }
}
