package dev.signet.console;

import dev.signet.audit.Origin;
import dev.signet.directory.User;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Auth;
import dev.signet.web.AuthRequiredException;
import dev.signet.web.Csrf;
import dev.signet.web.Templates;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What every console page uses: the frame (chrome) for the signed-in administrator, rendering, the
 * redirect after a successful action, and the audit origin of the administrator's actions. Access
 * and CSRF checks happen once, in {@link AdminConsole}, before any page handler runs.
 */
public final class Console {
    private static final String DONE_PARAMETER = "done";

    private final Auth auth;
    private final Csrf csrf;
    private final Templates templates;

    Console(Auth auth, Csrf csrf, Templates templates) {
        this.auth = auth;
        this.csrf = csrf;
        this.templates = templates;
    }

    public User administrator(Context ctx) {
        return session(ctx).user();
    }

    /** Who acts, for the audit log: the administrator, from this request's address. */
    public Origin origin(Context ctx) {
        User admin = administrator(ctx);
        return auth.origin(ctx).withActor(admin.id(), admin.username());
    }

    /**
     * The frame of a page. {@code notices} maps the "done" keys this page's actions redirect with to
     * the sentence shown; only known keys are shown, so a crafted link cannot put words on the page.
     */
    public AdminChrome chrome(Context ctx, String title, Section section, Map<String, String> notices) {
        String done = ctx.queryParam(DONE_PARAMETER);
        String notice = done == null ? null : notices.get(done);
        return new AdminChrome(title, section, administrator(ctx), csrf.token(ctx, auth.sessionToken(ctx)), notice);
    }

    public AdminChrome chrome(Context ctx, String title, Section section) {
        return chrome(ctx, title, section, Map.of());
    }

    public void render(Context ctx, int status, String template, Object view) {
        templates.render(ctx, status, template, view);
    }

    /** After a successful POST: back to a page (303, so a reload does not repeat the action) with a notice key. */
    public void done(Context ctx, String path, String noticeKey) {
        // The query goes before a #fragment, or the browser would read it as part of the fragment.
        int hash = path.indexOf('#');
        String page = hash < 0 ? path : path.substring(0, hash);
        String fragment = hash < 0 ? "" : path.substring(hash);
        String sep = page.contains("?") ? "&" : "?";
        ctx.redirect(page + sep + DONE_PARAMETER + "=" + URLEncoder.encode(noticeKey, StandardCharsets.UTF_8) + fragment,
                HttpStatus.SEE_OTHER);
    }

    /** Asks before a destructive action: a page that names what will happen, with the button that does it. */
    public void confirm(Context ctx, Section section, String heading, String text, String action, String button, String cancelHref) {
        render(ctx, 200, "admin/confirm.jte", new Confirmation(chrome(ctx, heading, section), heading, text, action, button, cancelHref));
    }

    private SessionWithUser session(Context ctx) {
        return auth.session(ctx).orElseThrow(AuthRequiredException::new);
    }

    /** The confirmation page of {@link #confirm}. */
    public record Confirmation(AdminChrome chrome, String heading, String text, String action, String button, String cancelHref) {
    }
}
