package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.applications.Application;
import dev.signet.applications.ApplicationInput;
import dev.signet.directory.Group;
import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /admin/applications: the list (search, paging), creating and editing an application with its access
 * rules, and deleting it. An application's SAML settings are on {@link SamlProvidersPages}.
 */
public final class ApplicationsPages {
    static final String BASE = "/admin/applications";
    private static final int PAGE_SIZE = 25;
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Application created.",
            "saved", "Application saved.",
            "deleted", "Application deleted.");

    private final Console console;
    private final ConsoleServices services;

    ApplicationsPages(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get(BASE, this::list);
        routes.get(BASE + "/new", ctx -> showForm(ctx, 200, null, FormState.of(Map.of("accessMode", "all"))));
        routes.post(BASE, ctx -> submit(ctx, null));
        routes.get(BASE + "/{id}", ctx -> {
            Application app = application(ctx);
            showForm(ctx, 200, app, FormState.of(values(app)));
        });
        routes.post(BASE + "/{id}", ctx -> submit(ctx, application(ctx)));
        routes.get(BASE + "/{id}/delete", this::confirmDelete);
        routes.post(BASE + "/{id}/delete", ctx -> {
            services.applications().delete(application(ctx).id(), console.origin(ctx));
            console.done(ctx, BASE, "deleted");
        });
    }

    private void list(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        Page<Application> page = services.applications().list(new PageRequest(PAGE_SIZE, Pager.offset(ctx), q));
        List<Row> rows = page.items().stream().map(a -> new Row(a, services.samlProviders().find(a.id()).isPresent(),
                services.awsApplications().find(a.id()).isPresent())).toList();
        console.render(ctx, 200, "admin/applications/list.jte", new ApplicationList(
                console.chrome(ctx, "Applications", Section.APPLICATIONS, NOTICES), rows, q, Pager.of(BASE, Map.of("q", q), page)));
    }

    /** Creates ({@code app} null) or changes an application from the submitted form. */
    private void submit(Context ctx, Application app) {
        Form form = Form.of(ctx);
        ApplicationInput in = read(form);
        try {
            form.throwIfInvalid();
            if (app == null) {
                Application created = services.applications().create(in, console.origin(ctx));
                console.done(ctx, BASE + "/" + created.id(), "created");
            } else {
                services.applications().update(app.id(), in, console.origin(ctx));
                console.done(ctx, BASE + "/" + app.id(), "saved");
            }
        } catch (InvalidInputException e) {
            showForm(ctx, 400, app, form.refused(e));
        } catch (ConflictException e) {
            showForm(ctx, 409, app, form.refused(e));
        }
    }

    private void confirmDelete(Context ctx) {
        Application app = application(ctx);
        boolean saml = services.samlProviders().find(app.id()).isPresent();
        boolean aws = services.awsApplications().find(app.id()).isPresent();
        // The database removes the provider and AWS settings with the application (ON DELETE CASCADE).
        String goesToo = aws ? " Its SAML provider and its AWS settings are deleted with it."
                : saml ? " Its SAML provider is deleted with it." : "";
        console.confirm(ctx, Section.APPLICATIONS, "Delete " + app.name() + "?",
                "Nobody can open " + app.name() + " (" + app.slug() + ") through Signet any more." + goesToo
                        + " This cannot be undone.",
                BASE + "/" + app.id() + "/delete", "Delete application", BASE + "/" + app.id());
    }

    private void showForm(Context ctx, int status, Application app, FormState form) {
        String title = app == null ? "New application" : app.name();
        // Granted groups beyond the listed ones stay on the form, so that saving it does not revoke them.
        List<Group> groups = GroupChoices.listedPlus(services.directory(), app == null ? List.of() : app.groupIds());
        boolean saml = app != null && services.samlProviders().find(app.id()).isPresent();
        boolean aws = app != null && services.awsApplications().find(app.id()).isPresent();
        console.render(ctx, status, "admin/applications/form.jte", new ApplicationForm(
                console.chrome(ctx, title, Section.APPLICATIONS, NOTICES), app, form, groups, saml, aws));
    }

    private Application application(Context ctx) {
        return services.applications().get(Ids.path(ctx, "id", "application"));
    }

    private static ApplicationInput read(Form form) {
        return new ApplicationInput(form.text("slug"), form.text("name"), form.text("description"), form.text("iconUrl"),
                form.text("launchUrl"), form.text("accessMode"), form.ids("groupIds"));
    }

    private static Map<String, String> values(Application app) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("slug", app.slug());
        v.put("name", app.name());
        v.put("description", app.description());
        v.put("iconUrl", app.iconUrl());
        v.put("launchUrl", app.launchUrl());
        v.put("accessMode", app.accessMode().wire());
        v.put("groupIds", String.join("\n", app.groupIds().stream().map(UUID::toString).toList()));
        return v;
    }

    /** The application list. */
    public record ApplicationList(AdminChrome chrome, List<Row> rows, String q, Pager pager) {
    }

    /** One application in the list, with whether it has SAML settings and AWS settings. */
    public record Row(Application application, boolean saml, boolean aws) {
        public String launchLink() {
            return "/application/launch/" + application.slug();
        }

        public String href() {
            return BASE + "/" + application.id();
        }
    }

    /** The form for a new application ({@code application} null) or an existing one. */
    public record ApplicationForm(AdminChrome chrome, Application application, FormState form, List<Group> groups,
                                  boolean saml, boolean aws) {
        public boolean isNew() {
            return application == null;
        }

        public String action() {
            return isNew() ? BASE : BASE + "/" + application.id();
        }

        public boolean granted(Group g) {
            return form.value("groupIds").lines().anyMatch(g.id().toString()::equals);
        }

        public boolean accessMode(String mode) {
            return mode.equals(form.value("accessMode"));
        }

        public String samlHref() {
            return BASE + "/" + application.id() + "/saml";
        }

        public String launchLink() {
            return "/application/launch/" + application.slug();
        }
    }
}
