package dev.signet.admin;

import dev.signet.applications.Application;
import dev.signet.applications.ApplicationInput;
import dev.signet.applications.ApplicationService;
import dev.signet.audit.Origin;
import io.javalin.http.Context;
import java.util.Set;
import java.util.UUID;

/** /api/v1/applications. */
final class ApplicationsApi {
    private static final Set<String> FIELDS =
            Set.of("slug", "name", "description", "iconUrl", "launchUrl", "accessMode", "groupIds");

    private final ApplicationService applications;

    ApplicationsApi(ApplicationService applications) {
        this.applications = applications;
    }

    void register(ApiRoutes api) {
        api.get("/applications", (ctx, origin) -> ctx.json(Paging.envelope(applications.list(Paging.from(ctx)), a -> a)));
        api.post("/applications", this::create);
        api.get("/applications/{id}", (ctx, origin) -> ctx.json(applications.get(Ids.path(ctx, "id", "application"))));
        api.patch("/applications/{id}", (ctx, origin) -> {
            UUID id = Ids.path(ctx, "id", "application");
            JsonBody body = JsonBody.parse(ctx, FIELDS);
            ApplicationInput in = read(body);
            body.finish(applications.checkChange(in));
            ctx.json(applications.update(id, in, origin));
        });
        api.delete("/applications/{id}", (ctx, origin) -> {
            applications.delete(Ids.path(ctx, "id", "application"), origin);
            ctx.status(204);
        });
    }

    private void create(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, FIELDS);
        ApplicationInput in = read(body);
        body.finish(applications.checkNew(in));
        Application created = applications.create(in, origin);
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/applications/" + created.id()).json(created);
    }

    private static ApplicationInput read(JsonBody body) {
        return new ApplicationInput(body.string("slug"), body.string("name"), body.string("description"),
                body.string("iconUrl"), body.string("launchUrl"), body.string("accessMode"), body.uuids("groupIds"));
    }
}
