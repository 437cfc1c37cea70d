package dev.signet.web;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.authentication.SessionService;
import dev.signet.directory.DirectoryService;
import dev.signet.errors.InvalidInputException;
import dev.signet.storage.Database;
import dev.signet.storage.SessionRepository;
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
    private final SessionRepository sessionRepository;
    private final Database db;
    private final AuditLog audit;
    private final Auth auth;
    private final Csrf csrf;
    private final Templates templates;
    private final Chromes chromes;

    public AccountPages(DirectoryService directory, SessionService sessions, SessionRepository sessionRepository, Database db,
                        AuditLog audit, Auth auth, Csrf csrf, Templates templates, Chromes chromes) {
        this.directory = directory;
        this.sessions = sessions;
        this.sessionRepository = sessionRepository;
        this.db = db;
        this.audit = audit;
        this.auth = auth;
        this.csrf = csrf;
        this.templates = templates;
        this.chromes = chromes;
    }

    public void register(RoutesConfig routes) {
        routes.get("/account", ctx -> show(ctx, 200, Map.of(), ctx.queryParamMap().containsKey("changed") ? "Your password has been changed." : null));
        routes.post("/account/password", this::changePassword);
        routes.post("/account/sessions/end-others", this::endOtherSessions);
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
        db.transaction(h -> {
            int ended = sessionRepository.deleteOthersForUser(h, s.user().id(), s.session().id());
            audit.record(h, auth.origin(ctx), "session.revoked", Outcome.SUCCESS, s.user().id(), s.user().username(),
                    Map.of("scope", "others", "count", ended));
            return null;
        });
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }
}
