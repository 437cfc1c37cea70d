package dev.signet.applications;

import dev.signet.applications.Application.AccessMode;
import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.errors.Checks;
import dev.signet.errors.ConflictException;
import dev.signet.errors.FieldErrors;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import dev.signet.storage.ApplicationRepository;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Applications, their access rules, and which of them a user may open. */
public final class ApplicationService {
    private final Database db;
    private final ApplicationRepository applications;
    private final GroupRepository groups;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ApplicationService(Database db, ApplicationRepository applications, GroupRepository groups, AuditLog audit, Clock clock) {
        this.db = db;
        this.applications = applications;
        this.groups = groups;
        this.audit = audit;
        this.clock = clock;
    }

    /** Runs after every committed change to an application (caches of applications listen). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    public Application get(UUID id) {
        return db.read(h -> applications.findById(h, id)).orElseThrow(() -> new NotFoundException("application"));
    }

    public Page<Application> list(PageRequest page) {
        return db.read(h -> applications.list(h, page));
    }

    /** What the portal shows: applications open to all, plus those granted to the user's effective groups. */
    public List<Application> accessibleTo(User user) {
        if (!user.active()) {
            return List.of();
        }
        return db.read(h -> applications.accessibleTo(h, groups.effectiveGroupsOf(h, user.id()).stream().map(Group::id).toList()));
    }

    /** Whether the user may open the application now (active, and the application is open or granted to a group of theirs). */
    public boolean canAccess(User user, Application app) {
        if (!user.active()) {
            return false;
        }
        if (app.accessMode() == AccessMode.ALL) {
            return true;
        }
        return db.read(h -> groups.effectiveGroupsOf(h, user.id())).stream().anyMatch(g -> app.groupIds().contains(g.id()));
    }

    /** Every problem with the fields of an application to be created. */
    public FieldErrors checkNew(ApplicationInput in) {
        FieldErrors errors = new FieldErrors();
        Checks.slug(errors, "slug", in.slug());
        Checks.text(errors, "name", in.name(), 200, true);
        validateOptional(errors, in);
        accessMode(errors, in.accessMode() == null ? "all" : in.accessMode());
        return errors;
    }

    /** Every problem with the fields of a change to an application. */
    public FieldErrors checkChange(ApplicationInput in) {
        FieldErrors errors = new FieldErrors();
        if (in.slug() != null) {
            Checks.slug(errors, "slug", in.slug());
        }
        if (in.name() != null) {
            Checks.text(errors, "name", in.name(), 200, true);
        }
        validateOptional(errors, in);
        if (in.accessMode() != null) {
            accessMode(errors, in.accessMode());
        }
        return errors;
    }

    public Application create(ApplicationInput in, Origin origin) {
        checkNew(in).throwIfAny();
        AccessMode mode = accessMode(new FieldErrors(), in.accessMode() == null ? "all" : in.accessMode());
        Instant now = clock.instant();
        List<UUID> groupIds = in.groupIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(in.groupIds()));
        Application app = new Application(UUID.randomUUID(), in.slug(), in.name().strip(), Checks.blankToNull(in.description()),
                Checks.blankToNull(in.iconUrl()), Checks.blankToNull(in.launchUrl()), mode, groupIds, now, now);
        Application created = db.transaction(h -> {
            if (applications.findBySlug(h, app.slug()).isPresent()) {
                throw new ConflictException("slug", "Slug '" + app.slug() + "' is already used by another application.");
            }
            checkGroupsExist(h, groupIds);
            applications.insert(h, app);
            audit.record(h, origin, "application.created", Outcome.SUCCESS, null, null, Map.of("slug", app.slug()));
            return app;
        });
        changed();
        return created;
    }

    public Application update(UUID id, ApplicationInput in, Origin origin) {
        checkChange(in).throwIfAny();
        AccessMode mode = in.accessMode() == null ? null : accessMode(new FieldErrors(), in.accessMode());
        Application result = db.transaction(h -> {
            Application current = applications.findById(h, id).orElseThrow(() -> new NotFoundException("application"));
            if (in.slug() != null && !in.slug().equals(current.slug()) && applications.findBySlug(h, in.slug()).isPresent()) {
                throw new ConflictException("slug", "Slug '" + in.slug() + "' is already used by another application.");
            }
            List<UUID> groupIds = in.groupIds() == null ? current.groupIds() : List.copyOf(new LinkedHashSet<>(in.groupIds()));
            checkGroupsExist(h, groupIds);
            Application updated = new Application(id,
                    in.slug() != null ? in.slug() : current.slug(),
                    in.name() != null ? in.name().strip() : current.name(),
                    in.description() != null ? Checks.blankToNull(in.description()) : current.description(),
                    in.iconUrl() != null ? Checks.blankToNull(in.iconUrl()) : current.iconUrl(),
                    in.launchUrl() != null ? Checks.blankToNull(in.launchUrl()) : current.launchUrl(),
                    mode != null ? mode : current.accessMode(), groupIds, current.createdAt(), clock.instant());
            applications.update(h, updated);
            audit.record(h, origin, "application.updated", Outcome.SUCCESS, null, null, Map.of("slug", updated.slug()));
            return updated;
        });
        changed();
        return result;
    }

    public void delete(UUID id, Origin origin) {
        db.transaction(h -> {
            Application current = applications.findById(h, id).orElseThrow(() -> new NotFoundException("application"));
            applications.delete(h, id);
            audit.record(h, origin, "application.deleted", Outcome.SUCCESS, null, null, Map.of("slug", current.slug()));
            return null;
        });
        changed();
    }

    private void checkGroupsExist(Handle h, List<UUID> groupIds) {
        for (UUID g : groupIds) {
            if (groups.findById(h, g).isEmpty()) {
                throw InvalidInputException.of("groupIds", "No group has the ID " + g + ".");
            }
        }
    }

    private static void validateOptional(FieldErrors errors, ApplicationInput in) {
        Checks.text(errors, "description", in.description(), 2000, false);
        Checks.url(errors, "iconUrl", in.iconUrl(), true);
        Checks.url(errors, "launchUrl", in.launchUrl(), true);
        if (in.groupIds() != null && in.groupIds().size() > 200) {
            errors.add("groupIds", "At most 200 groups.");
        }
    }

    private static AccessMode accessMode(FieldErrors errors, String value) {
        try {
            return AccessMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add("accessMode", "Must be 'all' or 'groups'.");
            return null;
        }
    }
}
