package dev.signet.web;

import dev.signet.authentication.LoginService;
import dev.signet.authentication.LoginService.LoginResult;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Views.Chrome;
import dev.signet.web.Views.Login;
import dev.signet.web.Views.Logout;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/** The login form, its submission, and logout. */
public final class LoginPages {
    static final String GENERIC_FAILURE = "Invalid username or password.";

    private final LoginService login;
    private final Auth auth;
    private final Csrf csrf;
    private final Cookies cookies;
    private final Templates templates;
    private final Chromes chromes;

    /** What else must happen when a sign-in or sign-out changes the browser's session (SAML single logout). */
    public interface SessionChanges {
        /** Where the browser goes after a logout ended the session: logout at the SPs, or the sign-in page. */
        String redirectAfterLogout(java.util.UUID endedSessionId);

        /** A new sign-in in the same browser (re-authentication) replaced the session. */
        void replaced(java.util.UUID previousSessionId, java.util.UUID newSessionId);
    }

    private final SessionChanges sessionChanges;

    public LoginPages(LoginService login, Auth auth, Csrf csrf, Cookies cookies, Templates templates, Chromes chromes,
                      SessionChanges sessionChanges) {
        this.sessionChanges = sessionChanges;
        this.login = login;
        this.auth = auth;
        this.csrf = csrf;
        this.cookies = cookies;
        this.templates = templates;
        this.chromes = chromes;
    }

    public void register(RoutesConfig routes) {
        routes.get("/login", this::showForm);
        routes.post("/login", this::submit);
        routes.get("/logout", this::showLogout);
        routes.post("/logout", this::logout);
    }

    private void showForm(Context ctx) {
        String next = ctx.queryParam("next");
        Optional<SessionWithUser> session = auth.session(ctx);
        // "reauth": an application asked for the password again (SAML ForceAuthn), even though a session exists.
        if (session.isPresent() && ctx.queryParamMap().containsKey("reauth")) {
            render(ctx, 200, next, session.get().user().username(), null, "The application asks you to sign in again.");
            return;
        }
        if (session.isPresent()) {
            ctx.redirect(SafeRedirect.localPathOrRoot(next));
            return;
        }
        String notice = ctx.queryParamMap().containsKey("signed_out") ? "You have signed out."
                : ctx.queryParamMap().containsKey("signed_out_everywhere") ? "You have signed out everywhere: all your sessions have ended."
                : null;
        render(ctx, 200, next, "", null, notice);
    }

    private void submit(Context ctx) {
        csrf.check(ctx, null);
        String next = ctx.formParam("next");
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        Optional<SessionWithUser> previous = auth.session(ctx);
        LoginResult result = login.login(username, password, auth.origin(ctx));
        if (result instanceof LoginResult.Success success) {
            previous.ifPresent(old -> {
                login.endReplacedSession(old);
                sessionChanges.replaced(old.session().id(), success.session().session().id());
            });
            cookies.set(ctx, Cookies.SESSION, success.session().token());
            ctx.redirect(SafeRedirect.localPathOrRoot(next), HttpStatus.SEE_OTHER);
        } else if (result instanceof LoginResult.Throttled throttled) {
            long seconds = Math.max(1, throttled.retryAfter().toSeconds());
            long minutes = (seconds + 59) / 60;
            ctx.header("Retry-After", Long.toString(seconds));
            render(ctx, 429, next, username, "Too many failed sign-in attempts. Try again in " + minutes
                    + (minutes == 1 ? " minute." : " minutes."), null);
        } else {
            render(ctx, 401, next, username, GENERIC_FAILURE, null);
        }
    }

    private void showLogout(Context ctx) {
        Optional<SessionWithUser> session = auth.session(ctx);
        if (session.isEmpty()) {
            ctx.redirect("/login");
            return;
        }
        templates.render(ctx, 200, "logout.jte", new Logout(chromes.of(ctx, "Sign out")));
    }

    private void logout(Context ctx) {
        Optional<SessionWithUser> session = auth.session(ctx);
        String next = "/login?signed_out";
        if (session.isPresent()) {
            csrf.check(ctx, auth.sessionToken(ctx));
            login.logout(session.get(), auth.origin(ctx));
            auth.forget(ctx);
            next = sessionChanges.redirectAfterLogout(session.get().session().id());
        }
        cookies.clear(ctx, Cookies.SESSION);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String next, String username, String error, String notice) {
        String safeNext = SafeRedirect.isLocalPath(next) ? next : null;
        ctx.header("Cache-Control", "no-store");
        templates.render(ctx, status, "login.jte", new Login(new Chrome("Sign in", null, csrf.token(ctx, null)),
                safeNext, username.length() > 150 ? "" : username, error, notice));
    }

}
