package dev.signet.admin;

import dev.signet.audit.Origin;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.Group;
import dev.signet.directory.GroupInput;
import io.javalin.http.Context;
import java.util.Set;
import java.util.UUID;

/** /api/v1/groups: groups and their members. */
final class GroupsApi {
    private static final Set<String> GROUP_FIELDS = Set.of("name", "attributes", "parentId");

    private final DirectoryService directory;

    GroupsApi(DirectoryService directory) {
        this.directory = directory;
    }

    void register(ApiRoutes api) {
        api.get("/groups", (ctx, origin) -> ctx.json(Paging.envelope(directory.listGroups(Paging.from(ctx)), g -> g)));
        api.post("/groups", this::create);
        api.get("/groups/{id}", (ctx, origin) -> ctx.json(directory.getGroup(Ids.path(ctx, "id", "group"))));
        api.patch("/groups/{id}", (ctx, origin) ->
                ctx.json(directory.updateGroup(Ids.path(ctx, "id", "group"), read(ctx), origin)));
        api.delete("/groups/{id}", (ctx, origin) -> {
            directory.deleteGroup(Ids.path(ctx, "id", "group"), origin);
            ctx.status(204);
        });
        api.get("/groups/{id}/members", (ctx, origin) ->
                ctx.json(Paging.envelope(directory.members(Ids.path(ctx, "id", "group"), Paging.from(ctx)), u -> u)));
        api.put("/groups/{id}/members/{userId}", (ctx, origin) -> {
            boolean added = directory.addMember(Ids.path(ctx, "id", "group"), Ids.path(ctx, "userId", "user"), origin);
            ctx.status(added ? 201 : 204);
        });
        api.delete("/groups/{id}/members/{userId}", (ctx, origin) -> {
            directory.removeMember(Ids.path(ctx, "id", "group"), Ids.path(ctx, "userId", "user"), origin);
            ctx.status(204);
        });
    }

    private void create(Context ctx, Origin origin) {
        Group created = directory.createGroup(read(ctx), origin);
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/groups/" + created.id()).json(created);
    }

    private static GroupInput read(Context ctx) {
        JsonBody body = JsonBody.parse(ctx, GROUP_FIELDS);
        String name = body.string("name");
        UUID parent = body.uuid("parentId");
        GroupInput in = new GroupInput(name, body.object("attributes"), parent, body.isNull("parentId"));
        body.finish();
        return in;
    }
}
