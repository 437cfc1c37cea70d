package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.admin.Paging;
import dev.signet.authentication.SsoSession;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.directory.UserInput;
import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * /admin/users: the user list, creating a user, and one user's page (details, password, activation,
 * groups, sessions, deletion). Every change goes through {@link DirectoryService}, as the admin API's do.
 */
public final class UsersPages {
    private static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("created", "User created."),
            Map.entry("saved", "Changes saved."),
            Map.entry("password", "Password set. The user's sessions have ended."),
            Map.entry("activated", "User activated."),
            Map.entry("deactivated", "User deactivated. Their sessions have ended."),
            Map.entry("deleted", "User deleted."),
            Map.entry("group-added", "Added to the group."),
            Map.entry("already-member", "Already a member of that group; nothing changed."),
            Map.entry("group-removed", "Removed from the group."),
            Map.entry("session-revoked", "Session revoked."),
            Map.entry("sessions-revoked", "All sessions of this user revoked."));

    private final Console console;
    private final DirectoryService directory;
    private final ConsoleServices services;

    UsersPages(Console console, ConsoleServices services) {
        this.console = console;
        this.directory = services.directory();
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/users", this::list);
        routes.get("/admin/users/new", ctx -> showNew(ctx, 200, FormState.of(Map.of("active", "true"))));
        routes.post("/admin/users", this::create);
        routes.get("/admin/users/{id}", ctx -> showUser(ctx, 200, userId(ctx), UserForms.NONE));
        routes.post("/admin/users/{id}", this::update);
        routes.post("/admin/users/{id}/password", this::setPassword);
        routes.post("/admin/users/{id}/activate", ctx -> setActive(ctx, true));
        routes.post("/admin/users/{id}/deactivate", ctx -> setActive(ctx, false));
        routes.get("/admin/users/{id}/delete", this::confirmDelete);
        routes.post("/admin/users/{id}/delete", this::delete);
        routes.post("/admin/users/{id}/groups", this::addToGroup);
        routes.post("/admin/users/{id}/groups/{groupId}/remove", this::removeFromGroup);
        routes.get("/admin/users/{id}/sessions/revoke", this::confirmRevokeAll);
        routes.post("/admin/users/{id}/sessions/revoke", this::revokeAll);
        routes.post("/admin/users/{id}/sessions/{sessionId}/revoke", this::revokeOne);
    }

    // ---- list and create ----

    private void list(Context ctx) {
        PageRequest request = Paging.from(ctx);
        Page<User> page = directory.listUsers(request);
        console.render(ctx, 200, "admin/users/list.jte", new UserList(console.chrome(ctx, "Users", Section.USERS, NOTICES),
                page.items(), request.filter(), Pager.of("/admin/users", Map.of("name", request.filter()), page)));
    }

    private void showNew(Context ctx, int status, FormState form) {
        console.render(ctx, status, "admin/users/new.jte", new NewUser(console.chrome(ctx, "New user", Section.USERS), form));
    }

    private void create(Context ctx) {
        Form form = Form.of(ctx);
        UserInput in = new UserInput(form.text("username"), form.text("email"), form.text("displayName"),
                form.checkbox("active"), form.checkbox("admin"), form.keyValues("attributes"), form.secret("password"), null);
        try {
            directory.checkNewUser(in).throwIfAny();
            form.throwIfInvalid();
            User created = directory.createUser(in, console.origin(ctx));
            console.done(ctx, "/admin/users/" + created.id(), "created");
        } catch (InvalidInputException e) {
            showNew(ctx, 400, form.refused(e));
        } catch (ConflictException e) {
            showNew(ctx, 409, form.refused(e));
        }
    }

    // ---- one user ----

    private void showUser(Context ctx, int status, UUID id, UserForms forms) {
        User user = directory.getUser(id);
        List<Group> direct = directory.directGroups(id);
        Set<UUID> directIds = direct.stream().map(Group::id).collect(Collectors.toSet());
        List<Group> inherited = directory.effectiveGroups(id).stream().filter(g -> !directIds.contains(g.id())).toList();
        List<Option> joinable = new ArrayList<>();
        joinable.add(new Option("", "Choose a group"));
        directory.listGroups(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items().stream()
                .filter(g -> !directIds.contains(g.id()))
                .forEach(g -> joinable.add(new Option(g.id().toString(), g.name())));
        List<SsoSession> sessions = services.db().read(h -> services.sessions().listForUser(h, id));
        FormState details = forms.details() != null ? forms.details() : FormState.of(values(user));
        console.render(ctx, status, "admin/users/edit.jte", new UserDetail(
                console.chrome(ctx, user.username(), Section.USERS, NOTICES), user,
                details, forms.passwordOr(), forms.membershipOr(), direct, inherited, joinable, sessions,
                user.id().equals(console.administrator(ctx).id())));
    }

    private void update(Context ctx) {
        UUID id = userId(ctx);
        directory.getUser(id);
        Form form = Form.of(ctx);
        UserInput in = new UserInput(form.text("username"), form.text("email"), form.text("displayName"),
                form.checkbox("active"), form.checkbox("admin"), form.keyValues("attributes"), null, null);
        try {
            directory.checkUserChange(in).throwIfAny();
            form.throwIfInvalid();
            directory.updateUser(id, in, console.origin(ctx));
            console.done(ctx, "/admin/users/" + id, "saved");
        } catch (InvalidInputException e) {
            showUser(ctx, 400, id, UserForms.details(form.refused(e)));
        } catch (ConflictException e) {
            showUser(ctx, 409, id, UserForms.details(form.refused(e)));
        }
    }

    private void setPassword(Context ctx) {
        UUID id = userId(ctx);
        directory.getUser(id);
        Form form = Form.of(ctx);
        String password = form.secret("password");
        try {
            if (password == null) {
                form.error("password", "Enter the new password.").throwIfInvalid();
            }
            directory.setPassword(id, password, null, console.origin(ctx));
            console.done(ctx, "/admin/users/" + id, "password");
        } catch (InvalidInputException e) {
            showUser(ctx, 400, id, UserForms.password(form.refused(e)));
        }
    }

    /** Deactivate or activate; refusing to deactivate oneself shows the service's message at the Active box. */
    private void setActive(Context ctx, boolean active) {
        UUID id = userId(ctx);
        try {
            directory.updateUser(id, new UserInput(null, null, null, active, null, null, null, null), console.origin(ctx));
            console.done(ctx, "/admin/users/" + id, active ? "activated" : "deactivated");
        } catch (ConflictException e) {
            showRefusal(ctx, id, e);
        }
    }

    private void confirmDelete(Context ctx) {
        User user = directory.getUser(userId(ctx));
        console.confirm(ctx, Section.USERS, "Delete user " + user.username() + "?",
                "The user, their group memberships and their sessions are deleted. This cannot be undone; "
                        + "to keep the history of who they were, deactivate them instead.",
                "/admin/users/" + user.id() + "/delete", "Delete user", "/admin/users/" + user.id());
    }

    private void delete(Context ctx) {
        UUID id = userId(ctx);
        try {
            directory.deleteUser(id, console.origin(ctx));
            console.done(ctx, "/admin/users", "deleted");
        } catch (ConflictException e) {
            showRefusal(ctx, id, e);
        }
    }

    /** A button the service refused (deactivating or deleting oneself): the stored user, with the reason at the field. */
    private void showRefusal(Context ctx, UUID id, ConflictException e) {
        FormState details = FormState.of(values(directory.getUser(id))).withError(e.field(), e.getMessage());
        showUser(ctx, 409, id, UserForms.details(details));
    }

    private void addToGroup(Context ctx) {
        UUID id = userId(ctx);
        directory.getUser(id);
        Form form = Form.of(ctx);
        UUID groupId = form.id("groupId");
        try {
            if (groupId == null) {
                form.error("groupId", "Choose a group.");
            }
            form.throwIfInvalid();
            boolean added = directory.addMember(groupId, id, console.origin(ctx));
            console.done(ctx, "/admin/users/" + id, added ? "group-added" : "already-member");
        } catch (NotFoundException e) {
            // The list was out of date: the group was deleted since the page was shown.
            showUser(ctx, 400, id, UserForms.membership(form.refused(InvalidInputException.of("groupId", "This group no longer exists."))));
        } catch (InvalidInputException e) {
            showUser(ctx, 400, id, UserForms.membership(form.refused(e)));
        }
    }

    private void removeFromGroup(Context ctx) {
        UUID id = userId(ctx);
        directory.removeMember(Ids.path(ctx, "groupId", "group"), id, console.origin(ctx));
        console.done(ctx, "/admin/users/" + id, "group-removed");
    }

    private void confirmRevokeAll(Context ctx) {
        User user = directory.getUser(userId(ctx));
        console.confirm(ctx, Section.USERS, "Revoke all sessions of " + user.username() + "?",
                "Every browser where " + user.username() + " is signed in is signed out. They can sign in again.",
                "/admin/users/" + user.id() + "/sessions/revoke", "Revoke all sessions", "/admin/users/" + user.id());
    }

    private void revokeAll(Context ctx) {
        UUID id = userId(ctx);
        directory.revokeSessions(directory.getUser(id), null, console.origin(ctx));
        console.done(ctx, "/admin/users/" + id, "sessions-revoked");
    }

    private void revokeOne(Context ctx) {
        UUID id = userId(ctx);
        directory.revokeSession(id, Ids.path(ctx, "sessionId", "session"), console.origin(ctx));
        console.done(ctx, "/admin/users/" + id, "session-revoked");
    }

    private static UUID userId(Context ctx) {
        return Ids.path(ctx, "id", "user");
    }

    /** A stored user as the edit form shows it. */
    private static Map<String, String> values(User user) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("username", user.username());
        v.put("email", user.email());
        v.put("displayName", user.displayName());
        v.put("active", String.valueOf(user.active()));
        v.put("admin", String.valueOf(user.admin()));
        v.put("attributes", Form.keyValueText(user.attributes()));
        return v;
    }

    /** The user page's three forms; the one that was refused comes back with its messages, the others fresh. */
    private record UserForms(FormState details, FormState password, FormState membership) {
        static final UserForms NONE = new UserForms(null, null, null);

        static UserForms details(FormState f) {
            return new UserForms(f, null, null);
        }

        static UserForms password(FormState f) {
            return new UserForms(null, f, null);
        }

        static UserForms membership(FormState f) {
            return new UserForms(null, null, f);
        }

        FormState passwordOr() {
            return password != null ? password : FormState.empty();
        }

        FormState membershipOr() {
            return membership != null ? membership : FormState.empty();
        }
    }

    /** The user list page. */
    public record UserList(AdminChrome chrome, List<User> users, String name, Pager pager) {
    }

    /** The new-user form. */
    public record NewUser(AdminChrome chrome, FormState form) {
    }

    /** One user's page. {@code self}: the administrator looking at their own account. */
    public record UserDetail(AdminChrome chrome, User user, FormState form, FormState password, FormState membership,
                             List<Group> directGroups, List<Group> inheritedGroups, List<Option> joinableGroups,
                             List<SsoSession> sessions, boolean self) {
        public String name() {
            return user.displayName() != null ? user.displayName() : user.username();
        }
    }
}
