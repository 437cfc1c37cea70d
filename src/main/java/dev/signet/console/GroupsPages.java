package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.admin.Paging;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.Group;
import dev.signet.directory.GroupInput;
import dev.signet.directory.User;
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

/**
 * /admin/groups: the group list, creating a group, and one group's page (name, parent, attributes,
 * members, deletion). Every change goes through {@link DirectoryService}, as the admin API's do.
 */
public final class GroupsPages {
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Group created.",
            "saved", "Changes saved.",
            "deleted", "Group deleted.",
            "member-added", "Member added.",
            "already-member", "Already a member; nothing changed.",
            "member-removed", "Member removed.");

    private final Console console;
    private final DirectoryService directory;

    GroupsPages(Console console, ConsoleServices services) {
        this.console = console;
        this.directory = services.directory();
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/groups", this::list);
        routes.get("/admin/groups/new", ctx -> showNew(ctx, 200, FormState.empty()));
        routes.post("/admin/groups", this::create);
        routes.get("/admin/groups/{id}", ctx -> showGroup(ctx, 200, groupId(ctx), null, FormState.empty()));
        routes.post("/admin/groups/{id}", this::update);
        routes.get("/admin/groups/{id}/delete", this::confirmDelete);
        routes.post("/admin/groups/{id}/delete", this::delete);
        routes.post("/admin/groups/{id}/members", this::addMember);
        routes.post("/admin/groups/{id}/members/{userId}/remove", this::removeMember);
    }

    // ---- list and create ----

    private void list(Context ctx) {
        PageRequest request = Paging.from(ctx);
        Page<Group> page = directory.listGroups(request);
        Map<UUID, String> parents = new LinkedHashMap<>();
        for (Group g : page.items()) {
            if (g.parentId() != null) {
                parents.computeIfAbsent(g.parentId(), this::nameOf);
            }
        }
        console.render(ctx, 200, "admin/groups/list.jte", new GroupList(console.chrome(ctx, "Groups", Section.GROUPS, NOTICES),
                page.items(), parents, request.filter(), Pager.of("/admin/groups", Map.of("name", request.filter()), page)));
    }

    private void showNew(Context ctx, int status, FormState form) {
        console.render(ctx, status, "admin/groups/new.jte",
                new NewGroup(console.chrome(ctx, "New group", Section.GROUPS), form, parentChoices(null)));
    }

    private void create(Context ctx) {
        Form form = Form.of(ctx);
        GroupInput in = read(form);
        try {
            directory.checkNewGroup(in).throwIfAny();
            form.throwIfInvalid();
            Group created = directory.createGroup(in, console.origin(ctx));
            console.done(ctx, "/admin/groups/" + created.id(), "created");
        } catch (InvalidInputException e) {
            showNew(ctx, 400, form.refused(e));
        } catch (ConflictException e) {
            showNew(ctx, 409, form.refused(e));
        }
    }

    // ---- one group ----

    /** {@code details} null shows the stored group; {@code newMember} is the add-member form's state. */
    private void showGroup(Context ctx, int status, UUID id, FormState details, FormState newMember) {
        Group group = directory.getGroup(id);
        Page<User> members = directory.members(id, Paging.from(ctx));
        console.render(ctx, status, "admin/groups/edit.jte", new GroupDetail(
                console.chrome(ctx, group.name(), Section.GROUPS, NOTICES), group,
                details != null ? details : FormState.of(values(group)), parentChoices(group), newMember,
                members.items(), Pager.of("/admin/groups/" + id, Map.of(), members)));
    }

    private void update(Context ctx) {
        UUID id = groupId(ctx);
        directory.getGroup(id);
        Form form = Form.of(ctx);
        GroupInput in = read(form);
        try {
            directory.checkGroupChange(in).throwIfAny();
            form.throwIfInvalid();
            directory.updateGroup(id, in, console.origin(ctx));
            console.done(ctx, "/admin/groups/" + id, "saved");
        } catch (InvalidInputException e) {
            showGroup(ctx, 400, id, form.refused(e), FormState.empty());
        } catch (ConflictException e) {
            showGroup(ctx, 409, id, form.refused(e), FormState.empty());
        }
    }

    private void confirmDelete(Context ctx) {
        Group group = directory.getGroup(groupId(ctx));
        console.confirm(ctx, Section.GROUPS, "Delete group " + group.name() + "?",
                "The group is deleted and its members lose the access it gave them. Its child groups keep their "
                        + "members but no longer have a parent. This cannot be undone.",
                "/admin/groups/" + group.id() + "/delete", "Delete group", "/admin/groups/" + group.id());
    }

    private void delete(Context ctx) {
        directory.deleteGroup(groupId(ctx), console.origin(ctx));
        console.done(ctx, "/admin/groups", "deleted");
    }

    /** Adds a member by username, the way administrators know people. */
    private void addMember(Context ctx) {
        UUID id = groupId(ctx);
        directory.getGroup(id);
        Form form = Form.of(ctx);
        String username = form.text("username");
        try {
            User user = UserLookup.byUsername(directory, username, "Enter the username of the user to add.");
            boolean added = directory.addMember(id, user.id(), console.origin(ctx));
            console.done(ctx, "/admin/groups/" + id, added ? "member-added" : "already-member");
        } catch (InvalidInputException e) {
            showGroup(ctx, 400, id, null, form.refused(e));
        }
    }

    private void removeMember(Context ctx) {
        UUID id = groupId(ctx);
        directory.removeMember(id, Ids.path(ctx, "userId", "user"), console.origin(ctx));
        console.done(ctx, "/admin/groups/" + id, "member-removed");
    }

    private static GroupInput read(Form form) {
        UUID parent = form.id("parentId");
        return new GroupInput(form.text("name"), form.keyValues("attributes"), parent, parent == null);
    }

    /**
     * "No parent" and every group listed but {@code self} (the service refuses the other cycles, with a
     * message), with {@code self}'s stored parent even when it is not among the listed ones.
     */
    private List<Option> parentChoices(Group self) {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "No parent"));
        Set<UUID> stored = self == null || self.parentId() == null ? Set.of() : Set.of(self.parentId());
        GroupChoices.listedPlus(directory, stored).stream()
                .filter(g -> self == null || !g.id().equals(self.id()))
                .forEach(g -> options.add(new Option(g.id().toString(), g.name())));
        return options;
    }

    private String nameOf(UUID groupId) {
        try {
            return directory.getGroup(groupId).name();
        } catch (NotFoundException e) {
            return "";
        }
    }

    private static UUID groupId(Context ctx) {
        return Ids.path(ctx, "id", "group");
    }

    private static Map<String, String> values(Group group) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", group.name());
        v.put("parentId", group.parentId() == null ? "" : group.parentId().toString());
        v.put("attributes", Form.keyValueText(group.attributes()));
        return v;
    }

    /** The group list page; {@code parentNames} names the parents of the groups shown. */
    public record GroupList(AdminChrome chrome, List<Group> groups, Map<UUID, String> parentNames, String name, Pager pager) {
        public String parentName(Group g) {
            return g.parentId() == null ? null : parentNames.get(g.parentId());
        }
    }

    /** The new-group form. */
    public record NewGroup(AdminChrome chrome, FormState form, List<Option> parents) {
    }

    /** One group's page: its form, the add-member form and a page of members. */
    public record GroupDetail(AdminChrome chrome, Group group, FormState form, List<Option> parents, FormState newMember,
                              List<User> members, Pager memberPager) {
    }
}
