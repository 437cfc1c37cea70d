package dev.signet.web;

import dev.signet.authentication.SessionService;
import dev.signet.directory.DirectoryService;
import dev.signet.errors.InvalidInputException;
import dev.signet.storage.Database;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Views.Account;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** The signed-in user's own account: password change and their sessions. */
public final class AccountPages {
    private final DirectoryService directory;
    private final SessionService sessions;
    private final Database db;
    private final Auth auth;
    private final Csrf csrf;
    private final Cookies cookies;
    private final Templates templates;
    private final Chromes chromes;
    private final LoginPages.SessionChanges sessionChanges;

    public AccountPages(DirectoryService directory, SessionService sessions, Database db, Auth auth, Csrf csrf, Cookies cookies,
                        Templates templates, Chromes chromes,
                        LoginPages.SessionChanges sessionChanges) {
        this.directory = directory;
        this.sessions = sessions;
        this.db = db;
        this.auth = auth;
        this.csrf = csrf;
        this.cookies = cookies;
        this.templates = templates;
        this.chromes = chromes;
        this.sessionChanges = sessionChanges;
    }

    public void register(RoutesConfig routes) {
        routes.get("/account", ctx -> show(ctx, 200, Map.of(), notice(ctx)));
        routes.post("/account/password", this::changePassword);
        routes.post("/account/sessions/end-others", this::endOtherSessions);
        routes.post("/account/sessions/end-all", this::endAllSessions);
    }

    private static String notice(Context ctx) {
        if (ctx.queryParamMap().containsKey("changed")) {
            return "Your password has been changed.";
        }
        return ctx.queryParamMap().containsKey("others_ended") ? "Your other sessions have been signed out." : null;
    }

    private void show(Context ctx, int status, Map<String, String> errors, String notice) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        ctx.header("Cache-Control", "no-store");
        templates.render(ctx, status, "account.jte", new Account(chromes.of(ctx, "Account"),
                db.read(h -> sessions.listForUser(h, s.user().id())), s.session().id(), errors, notice));
    }

    private void changePassword(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        csrf.check(ctx, auth.sessionToken(ctx));
        try {
            directory.changeOwnPassword(s.user(), s.session().id(), ctx.formParam("current_password"),
                    ctx.formParam("new_password"), auth.origin(ctx));
        } catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(err -> errors.putIfAbsent(err.field(), err.message()));
            show(ctx, 400, errors, null);
            return;
        }
        ctx.redirect("/account?changed", HttpStatus.SEE_OTHER);
    }

    private void endOtherSessions(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        csrf.check(ctx, auth.sessionToken(ctx));
        directory.revokeSessions(s.user(), s.session().id(), auth.origin(ctx));
        ctx.redirect("/account?others_ended", HttpStatus.SEE_OTHER);
    }

    /**
     * Ends every session of the user, this one too. Like a sign-out, this browser then goes through
     * SAML single logout at the applications it signed in to (if any), and lands on the sign-in page.
     * Applications reached from other browsers cannot be told without those browsers.
     */
    private void endAllSessions(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        csrf.check(ctx, auth.sessionToken(ctx));
        directory.revokeSessions(s.user(), null, auth.origin(ctx));
        auth.forget(ctx);
        cookies.clear(ctx, Cookies.SESSION);
        String next = sessionChanges.redirectAfterLogout(s.session().id());
        ctx.redirect(next.equals("/login?signed_out") ? "/login?signed_out_everywhere" : next, HttpStatus.SEE_OTHER);
    }
}
