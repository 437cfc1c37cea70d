package dev.signet.console;

import dev.signet.directory.DirectoryService;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Auth;
import dev.signet.web.AuthRequiredException;
import dev.signet.web.Csrf;
import dev.signet.web.ForbiddenException;
import dev.signet.web.Templates;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Entry point of the admin console at /admin: server-rendered pages over the same services as the
 * admin API. Every request under /admin passes one gate first: signed in (else the login page),
 * an administrator (else 403), and for anything but a read, the form's CSRF token.
 */
public final class AdminConsole {
    private final Auth auth;
    private final Csrf csrf;
    private final DirectoryService directory;
    private final OverviewPage overview;
    private final UsersPages users;
    private final GroupsPages groups;
    private final ApplicationsPages applications;
    private final SamlProvidersPages samlProviders;
    private final SamlMetadataImport samlMetadataImport;
    private final PropertyMappingsPages propertyMappings;
    private final CertificatesPages certificates;
    private final EventsPages events;
    private final SettingsPages settings;
    private final AwsPages aws;

    public AdminConsole(ConsoleServices services, Auth auth, Csrf csrf, Templates templates) {
        this.auth = auth;
        this.csrf = csrf;
        this.directory = services.directory();
        Console console = new Console(auth, csrf, templates);
        this.overview = new OverviewPage(console, services);
        this.users = new UsersPages(console, services);
        this.groups = new GroupsPages(console, services);
        this.applications = new ApplicationsPages(console, services);
        this.samlProviders = new SamlProvidersPages(console, services);
        this.samlMetadataImport = new SamlMetadataImport(console, services, samlProviders);
        this.propertyMappings = new PropertyMappingsPages(console, services);
        this.certificates = new CertificatesPages(console, services);
        this.events = new EventsPages(console, services);
        this.settings = new SettingsPages(console, services);
        this.aws = new AwsPages(console, services);
    }

    public void register(RoutesConfig routes) {
        routes.before("/admin", this::gate);
        routes.before("/admin/*", this::gate);
        overview.register(routes);
        users.register(routes);
        groups.register(routes);
        applications.register(routes);
        samlProviders.register(routes);
        samlMetadataImport.register(routes);
        propertyMappings.register(routes);
        certificates.register(routes);
        events.register(routes);
        settings.register(routes);
        aws.register(routes);
    }

    private void gate(Context ctx) {
        SessionWithUser s = auth.session(ctx).orElseThrow(AuthRequiredException::new);
        if (!DirectoryService.isAdministrator(s.user(), directory.effectiveGroups(s.user().id()))) {
            throw new ForbiddenException("The admin console is for administrators only.");
        }
        HandlerType method = ctx.method();
        if (method != HandlerType.GET && method != HandlerType.HEAD) {
            csrf.check(ctx, auth.sessionToken(ctx));
        }
    }
}
