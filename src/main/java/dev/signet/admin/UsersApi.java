package dev.signet.admin;

import dev.signet.audit.Origin;
import dev.signet.authentication.SessionService;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.directory.UserInput;
import dev.signet.storage.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** /api/v1/users: users, their password, groups and sessions. */
final class UsersApi {
    private static final Set<String> USER_FIELDS = Set.of("username", "email", "displayName", "active", "admin", "attributes", "password", "passwordHash");

    private final DirectoryService directory;
    private final SessionService sessions;
    private final Database db;

    UsersApi(DirectoryService directory, SessionService sessions, Database db) {
        this.directory = directory;
        this.sessions = sessions;
        this.db = db;
    }

    void register(ApiRoutes api) {
        api.get("/users", (ctx, origin) -> ctx.json(Paging.envelope(directory.listUsers(Paging.from(ctx)), u -> u)));
        api.post("/users", this::create);
        api.get("/users/{id}", (ctx, origin) -> ctx.json(directory.getUser(Ids.path(ctx, "id", "user"))));
        api.patch("/users/{id}", this::update);
        api.delete("/users/{id}", (ctx, origin) -> {
            directory.deleteUser(Ids.path(ctx, "id", "user"), origin);
            ctx.status(204);
        });
        api.put("/users/{id}/password", this::setPassword);
        api.get("/users/{id}/groups", this::groups);
        api.get("/users/{id}/sessions", (ctx, origin) -> {
            UUID id = Ids.path(ctx, "id", "user");
            directory.getUser(id);
            ctx.json(Map.of("items", db.read(h -> sessions.listForUser(h, id))));
        });
        api.delete("/users/{id}/sessions", this::revokeAll);
        api.delete("/users/{id}/sessions/{sessionId}", this::revokeOne);
    }

    private void create(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, USER_FIELDS);
        UserInput in = readUser(body);
        body.finish(directory.checkNewUser(in));
        User created = directory.createUser(in, origin);
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/users/" + created.id()).json(created);
    }

    private void update(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "user");
        JsonBody body = JsonBody.parse(ctx, USER_FIELDS);
        UserInput in = readUser(body);
        body.finish(directory.checkUserChange(in));
        ctx.json(directory.updateUser(id, in, origin));
    }

    private void setPassword(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "user");
        JsonBody body = JsonBody.parse(ctx, Set.of("password", "passwordHash"));
        String password = body.string("password");
        String passwordHash = body.string("passwordHash");
        body.finish();
        directory.setPassword(id, password, passwordHash, origin);
        ctx.status(204);
    }

    private void groups(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "user");
        List<Group> direct = directory.directGroups(id);
        Set<UUID> directIds = new java.util.HashSet<>(direct.stream().map(Group::id).toList());
        List<Map<String, Object>> items = directory.effectiveGroups(id).stream().map(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.id());
            m.put("name", g.name());
            m.put("direct", directIds.contains(g.id()));
            return m;
        }).toList();
        ctx.json(Map.of("items", items));
    }

    private void revokeAll(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "user");
        directory.revokeSessions(directory.getUser(id), null, origin);
        ctx.status(204);
    }

    private void revokeOne(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "user");
        directory.revokeSession(id, Ids.path(ctx, "sessionId", "session"), origin);
        ctx.status(204);
    }

    private static UserInput readUser(JsonBody body) {
        return new UserInput(body.string("username"), body.string("email"), body.string("displayName"),
                body.bool("active"), body.bool("admin"), body.object("attributes"), body.string("password"),
                body.string("passwordHash"));
    }
}
