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
        api.patch("/groups/{id}", (ctx, origin) -> {
            UUID id = Ids.path(ctx, "id", "group");
            JsonBody body = JsonBody.parse(ctx, GROUP_FIELDS);
            GroupInput in = read(body);
            body.finish(directory.checkGroupChange(in));
            ctx.json(directory.updateGroup(id, in, origin));
        });
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
        JsonBody body = JsonBody.parse(ctx, GROUP_FIELDS);
        GroupInput in = read(body);
        body.finish(directory.checkNewGroup(in));
        Group created = directory.createGroup(in, origin);
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/groups/" + created.id()).json(created);
    }

    private static GroupInput read(JsonBody body) {
        return new GroupInput(body.string("name"), body.object("attributes"), body.uuid("parentId"), body.isNull("parentId"));
    }
}
