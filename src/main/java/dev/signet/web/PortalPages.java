package dev.signet.web;

import dev.signet.applications.Application;
import dev.signet.applications.ApplicationService;
import dev.signet.saml.SamlProviderService;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Views.Message;
import dev.signet.web.Views.Portal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/** The user portal: the applications the signed-in user may open, and their launch links. */
public final class PortalPages {
    private final ApplicationService applications;
    private final SamlProviderService samlProviders;
    private final Auth auth;
    private final Templates templates;
    private final Chromes chromes;

    public PortalPages(ApplicationService applications, SamlProviderService samlProviders, Auth auth, Templates templates,
                       Chromes chromes) {
        this.applications = applications;
        this.samlProviders = samlProviders;
        this.auth = auth;
        this.templates = templates;
        this.chromes = chromes;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", this::portal);
        routes.get("/application/launch/{slug}", this::launch);
    }

    private void portal(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        templates.render(ctx, 200, "portal.jte", new Portal(chromes.of(ctx, "Applications"), applications.accessibleTo(s.user())));
    }

    /** Checks access again (the tile list may be stale) and sends the browser to the application. */
    private void launch(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        String slug = ctx.pathParam("slug");
        Optional<Application> app = applications.accessibleTo(s.user()).stream().filter(a -> a.slug().equals(slug)).findFirst();
        if (app.isEmpty()) {
            templates.render(ctx, 403, "message.jte", new Message(chromes.of(ctx, "No access"), "No access",
                    "You do not have access to this application, or it does not exist.", "/", "Back to your applications"));
            return;
        }
        if (app.get().launchUrl() == null && samlProviders.find(app.get().id()).isPresent()) {
            // Without an explicit launch address, a SAML application starts IdP-initiated (what AWS expects).
            ctx.redirect("/application/saml/" + slug + "/sso/binding/init");
            return;
        }
        if (app.get().launchUrl() == null) {
            templates.render(ctx, 200, "message.jte", new Message(chromes.of(ctx, app.get().name()), app.get().name(),
                    "This application has no launch address yet.", "/", "Back to your applications"));
            return;
        }
        ctx.redirect(app.get().launchUrl());
    }
}
