package dev.signet.web;

import dev.signet.applications.Application;
import dev.signet.applications.ApplicationService;
import dev.signet.aws.AwsApplicationService;
import dev.signet.aws.iam.RoleTarget;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlProviderService;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Views.Message;
import dev.signet.web.Views.Portal;
import dev.signet.web.Views.RoleChoice;
import dev.signet.web.Views.Tile;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The user portal: the applications the signed-in user may open, and their launch links. */
public final class PortalPages {
    /** With more applications than this, the portal offers a search box. */
    static final int SEARCH_THRESHOLD = 8;
    private static final int MAX_QUERY_LENGTH = 100;
    /** The built-in icon of AWS applications that have no icon of their own. */
    static final String AWS_ICON = "/static/icons/cloud.svg";

    private final ApplicationService applications;
    private final SamlProviderService samlProviders;
    private final AwsApplicationService awsApplications;
    private final DirectoryService directory;
    private final Auth auth;
    private final Templates templates;
    private final Chromes chromes;

    public PortalPages(ApplicationService applications, SamlProviderService samlProviders, AwsApplicationService awsApplications,
                       DirectoryService directory, Auth auth, Templates templates, Chromes chromes) {
        this.applications = applications;
        this.samlProviders = samlProviders;
        this.awsApplications = awsApplications;
        this.directory = directory;
        this.auth = auth;
        this.templates = templates;
        this.chromes = chromes;
    }

    public void register(RoutesConfig routes) {
        routes.get("/", this::portal);
        routes.get("/application/launch/{slug}", this::launch);
    }

    /** The tiles, filtered server-side by {@code ?q=} so that search works without scripts. */
    private void portal(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        List<Application> accessible = applications.accessibleTo(s.user());
        String query = query(ctx);
        List<Application> shown = query.isEmpty() ? accessible : accessible.stream().filter(a -> matches(a, query)).toList();
        templates.render(ctx, 200, "portal.jte", new Portal(chromes.of(ctx, "Applications"), tiles(shown, s.user()), query,
                accessible.size() > SEARCH_THRESHOLD || !query.isEmpty(), accessible.isEmpty()));
    }

    private static String query(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        return q.length() > MAX_QUERY_LENGTH ? q.substring(0, MAX_QUERY_LENGTH) : q;
    }

    private static boolean matches(Application app, String query) {
        String needle = query.toLowerCase(Locale.ROOT);
        return Tile.searchText(app).contains(needle);
    }

    private List<Tile> tiles(List<Application> apps, User user) {
        List<Group> groups = null;
        List<Tile> tiles = new ArrayList<>(apps.size());
        for (Application app : apps) {
            if (!awsApplications.isAwsApplication(app.id())) {
                tiles.add(new Tile(app, app.iconUrl(), List.of(), null));
                continue;
            }
            // The user's groups are read once, and only when there is an AWS application to offer roles of.
            if (groups == null) {
                groups = directory.effectiveGroups(user.id());
            }
            tiles.add(awsTile(app, groups));
        }
        return tiles;
    }

    /** An AWS tile: the role choices when there are several, and the console page the sign-in lands on. */
    private Tile awsTile(Application app, List<Group> groups) {
        List<RoleTarget> roles = awsApplications.roleChoices(app.id(), groups);
        List<RoleChoice> choices = roles.size() < 2 ? List.of() : roles.stream()
                .map(r -> new RoleChoice(r.accountId(), r.roleName(), launchHref(app, r.roleArn()))).toList();
        String consoleUrl = samlProviders.find(app.id()).map(SamlProvider::defaultRelayState).filter(u -> !u.isBlank()).orElse(null);
        return new Tile(app, app.iconUrl() != null ? app.iconUrl() : AWS_ICON, choices, consoleUrl);
    }

    private static String launchHref(Application app, String roleArn) {
        return "/application/launch/" + app.slug() + "?role=" + URLEncoder.encode(roleArn, StandardCharsets.UTF_8);
    }

    /**
     * Checks access again (the tile list may be stale) and sends the browser to the application; a
     * {@code role} chosen on an AWS tile goes with it to the IdP-initiated start, which checks it.
     */
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
            String role = ctx.queryParam("role");
            ctx.redirect("/application/saml/" + slug + "/sso/binding/init"
                    + (role == null || role.isEmpty() ? "" : "?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8)));
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
