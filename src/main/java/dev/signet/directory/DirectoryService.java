package dev.signet.directory;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.authentication.PasswordHasher;
import dev.signet.authentication.PasswordPolicy;
import dev.signet.authentication.PhcHash;
import dev.signet.errors.Checks;
import dev.signet.errors.ConflictException;
import dev.signet.errors.FieldErrors;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import dev.signet.storage.SessionRepository;
import dev.signet.storage.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Users, groups and memberships: validation, uniqueness, audit. Every change is one transaction
 * together with its audit event.
 */
public final class DirectoryService {
    /** Effective members of this group may use the admin API and console. */
    public static final String ADMINS_GROUP = "admins";

    private final Database db;
    private final UserRepository users;
    private final GroupRepository groups;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public DirectoryService(Database db, UserRepository users, GroupRepository groups, SessionRepository sessions,
                            PasswordHasher hasher, PasswordPolicy policy, AuditLog audit, Clock clock) {
        this.db = db;
        this.users = users;
        this.groups = groups;
        this.sessions = sessions;
        this.hasher = hasher;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- users ----

    public User getUser(UUID id) {
        return db.read(h -> users.findById(h, id)).orElseThrow(() -> new NotFoundException("user"));
    }

    /** The user with that username (ignoring case), if any. */
    public Optional<User> findUserByUsername(String username) {
        return db.read(h -> users.findByUsername(h, username));
    }

    public Page<User> listUsers(PageRequest page) {
        return db.read(h -> users.list(h, page));
    }

    /** Every problem with the fields of a user to be created (nothing is checked against stored data). */
    public FieldErrors checkNewUser(UserInput in) {
        FieldErrors errors = new FieldErrors();
        Checks.username(errors, "username", in.username());
        validateUserFields(errors, in);
        if (in.password() != null && in.passwordHash() != null) {
            errors.add("passwordHash", "Give either password or passwordHash, not both.");
        } else if (in.password() != null) {
            policy.problem(in.password()).ifPresent(p -> errors.add("password", p));
        } else if (in.passwordHash() != null) {
            importableHash(in.passwordHash()).ifPresent(p -> errors.add("passwordHash", p));
        }
        return errors;
    }

    public User createUser(UserInput in, Origin origin) {
        checkNewUser(in).throwIfAny();
        String hash = in.password() != null ? hasher.hash(in.password()) : in.passwordHash();
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID(), in.username(), Checks.blankToNull(in.email()), Checks.blankToNull(in.displayName()),
                in.active() == null || in.active(), in.admin() != null && in.admin(),
                in.attributes() == null ? Map.of() : in.attributes(), now, now, null);
        return db.transaction(h -> {
            if (users.findByUsername(h, user.username()).isPresent()) {
                throw new ConflictException("username", "Username '" + user.username() + "' is already taken.");
            }
            users.insert(h, user, hash);
            audit.record(h, origin, "user.created", Outcome.SUCCESS, user.id(), user.username(), Map.of());
            return user;
        });
    }

    /** Every problem with the fields of a change to a user. */
    public FieldErrors checkUserChange(UserInput in) {
        FieldErrors errors = new FieldErrors();
        if (in.username() != null) {
            Checks.username(errors, "username", in.username());
        }
        validateUserFields(errors, in);
        if (in.password() != null || in.passwordHash() != null) {
            errors.add(in.password() != null ? "password" : "passwordHash", "Set passwords with PUT /api/v1/users/{id}/password.");
        }
        return errors;
    }

    public User updateUser(UUID id, UserInput in, Origin origin) {
        checkUserChange(in).throwIfAny();
        return db.transaction(h -> {
            User current = users.findById(h, id).orElseThrow(() -> new NotFoundException("user"));
            if (in.username() != null && !UserRepository.key(in.username()).equals(UserRepository.key(current.username()))
                    && users.findByUsername(h, in.username()).isPresent()) {
                throw new ConflictException("username", "Username '" + in.username() + "' is already taken.");
            }
            if (id.equals(origin.actorUserId()) && (Boolean.FALSE.equals(in.active()) || Boolean.FALSE.equals(in.admin()))) {
                throw new ConflictException("active", "You cannot deactivate or demote your own account.");
            }
            User updated = new User(id,
                    in.username() != null ? in.username() : current.username(),
                    in.email() != null ? Checks.blankToNull(in.email()) : current.email(),
                    in.displayName() != null ? Checks.blankToNull(in.displayName()) : current.displayName(),
                    in.active() != null ? in.active() : current.active(),
                    in.admin() != null ? in.admin() : current.admin(),
                    in.attributes() != null ? in.attributes() : current.attributes(),
                    current.createdAt(), clock.instant(), current.lastLoginAt());
            users.update(h, updated);
            if (!updated.active() && current.active()) {
                sessions.deleteAllForUser(h, id);
            }
            audit.record(h, origin, "user.updated", Outcome.SUCCESS, id, updated.username(), changes(current, updated));
            return updated;
        });
    }

    public void deleteUser(UUID id, Origin origin) {
        if (id.equals(origin.actorUserId())) {
            throw new ConflictException("id", "You cannot delete your own account.");
        }
        db.transaction(h -> {
            User current = users.findById(h, id).orElseThrow(() -> new NotFoundException("user"));
            users.delete(h, id);
            audit.record(h, origin, "user.deleted", Outcome.SUCCESS, id, current.username(), Map.of());
            return null;
        });
    }

    /**
     * An administrator sets a user's password, or imports its Argon2id hash from another system
     * (exactly one of the two); the user's sessions end.
     */
    public void setPassword(UUID id, String password, String importedHash, Origin origin) {
        FieldErrors errors = new FieldErrors();
        if ((password == null) == (importedHash == null)) {
            errors.add("password", "Give either password or passwordHash.");
        } else if (password != null) {
            policy.problem(password).ifPresent(p -> errors.add("password", p));
        } else {
            importableHash(importedHash).ifPresent(p -> errors.add("passwordHash", p));
        }
        errors.throwIfAny();
        String hash = password != null ? hasher.hash(password) : importedHash;
        db.transaction(h -> {
            User user = users.findById(h, id).orElseThrow(() -> new NotFoundException("user"));
            users.setPasswordHash(h, id, hash, clock.instant());
            int ended = sessions.deleteAllForUser(h, id);
            audit.record(h, origin, "user.password.set", Outcome.SUCCESS, id, user.username(), Map.of("sessionsEnded", ended));
            return null;
        });
    }

    /** The user changes their own password; it takes the old one, and ends their other sessions. */
    public void changeOwnPassword(User user, UUID currentSession, String oldPassword, String newPassword, Origin origin) {
        FieldErrors errors = new FieldErrors();
        if (oldPassword == null || oldPassword.isEmpty()) {
            errors.add("current_password", "Enter your current password.");
        }
        policy.problem(newPassword).ifPresent(p -> errors.add("new_password", p));
        errors.throwIfAny();
        String stored = db.read(h -> users.passwordHash(h, user.id())).orElse(null);
        if (!hasher.verify(oldPassword, stored).matches()) {
            db.transaction(h -> {
                audit.record(h, origin, "user.password.change", Outcome.FAILURE, user.id(), user.username(),
                        Map.of("reason", "wrong_current_password"));
                return null;
            });
            throw InvalidInputException.of("current_password", "Your current password is not correct.");
        }
        String hash = hasher.hash(newPassword);
        db.transaction(h -> {
            users.setPasswordHash(h, user.id(), hash, clock.instant());
            int ended = sessions.deleteOthersForUser(h, user.id(), currentSession);
            audit.record(h, origin, "user.password.change", Outcome.SUCCESS, user.id(), user.username(),
                    Map.of("otherSessionsEnded", ended));
            return null;
        });
    }

    /**
     * Ends the user's sessions, all of them or all but {@code keep} (null: all), recorded as
     * {@code session.revoked}; returns how many ended.
     */
    public int revokeSessions(User user, UUID keep, Origin origin) {
        return db.transaction(h -> {
            int ended = keep == null ? sessions.deleteAllForUser(h, user.id()) : sessions.deleteOthersForUser(h, user.id(), keep);
            audit.record(h, origin, "session.revoked", Outcome.SUCCESS, user.id(), user.username(),
                    Map.of("scope", keep == null ? "all" : "others", "count", ended));
            return ended;
        });
    }

    /** An administrator ends one session of a user; a session of another user is not found. */
    public void revokeSession(UUID userId, UUID sessionId, Origin origin) {
        db.transaction(h -> {
            User user = users.findById(h, userId).orElseThrow(() -> new NotFoundException("user"));
            if (!sessions.deleteForUser(h, userId, sessionId)) {
                throw new NotFoundException("session");
            }
            audit.record(h, origin, "session.revoked", Outcome.SUCCESS, userId, user.username(), Map.of("session", sessionId.toString()));
            return null;
        });
    }

    // ---- groups ----

    public Group getGroup(UUID id) {
        return db.read(h -> groups.findById(h, id)).orElseThrow(() -> new NotFoundException("group"));
    }

    public Page<Group> listGroups(PageRequest page) {
        return db.read(h -> groups.list(h, page));
    }

    /** Every problem with the fields of a group to be created. */
    public FieldErrors checkNewGroup(GroupInput in) {
        FieldErrors errors = new FieldErrors();
        Checks.groupName(errors, "name", in.name());
        Checks.attributes(errors, "attributes", in.attributes());
        return errors;
    }

    public Group createGroup(GroupInput in, Origin origin) {
        checkNewGroup(in).throwIfAny();
        Instant now = clock.instant();
        Group group = new Group(UUID.randomUUID(), in.name(), in.attributes() == null ? Map.of() : in.attributes(),
                in.clearParent() ? null : in.parentId(), now, now);
        return db.transaction(h -> {
            if (groups.findByName(h, group.name()).isPresent()) {
                throw new ConflictException("name", "A group named '" + group.name() + "' already exists.");
            }
            if (group.parentId() != null && groups.findById(h, group.parentId()).isEmpty()) {
                throw InvalidInputException.of("parentId", "No group has this ID.");
            }
            groups.insert(h, group);
            audit.record(h, origin, "group.created", Outcome.SUCCESS, null, null, Map.of("group", group.name()));
            return group;
        });
    }

    /** Every problem with the fields of a change to a group. */
    public FieldErrors checkGroupChange(GroupInput in) {
        FieldErrors errors = new FieldErrors();
        if (in.name() != null) {
            Checks.groupName(errors, "name", in.name());
        }
        Checks.attributes(errors, "attributes", in.attributes());
        return errors;
    }

    public Group updateGroup(UUID id, GroupInput in, Origin origin) {
        checkGroupChange(in).throwIfAny();
        return db.transaction(h -> {
            Group current = groups.findById(h, id).orElseThrow(() -> new NotFoundException("group"));
            if (in.name() != null && !GroupRepository.key(in.name()).equals(GroupRepository.key(current.name()))
                    && groups.findByName(h, in.name()).isPresent()) {
                throw new ConflictException("name", "A group named '" + in.name() + "' already exists.");
            }
            UUID parent = in.clearParent() ? null : in.parentId() != null ? in.parentId() : current.parentId();
            if (parent != null && !parent.equals(current.parentId())) {
                if (groups.findById(h, parent).isEmpty()) {
                    throw InvalidInputException.of("parentId", "No group has this ID.");
                }
                if (groups.ancestorsAndSelf(h, parent).contains(id)) {
                    throw new ConflictException("parentId", "A group cannot be its own ancestor.");
                }
            }
            Group updated = new Group(id, in.name() != null ? in.name() : current.name(),
                    in.attributes() != null ? in.attributes() : current.attributes(), parent, current.createdAt(), clock.instant());
            groups.update(h, updated);
            audit.record(h, origin, "group.updated", Outcome.SUCCESS, null, null, Map.of("group", updated.name()));
            return updated;
        });
    }

    public void deleteGroup(UUID id, Origin origin) {
        db.transaction(h -> {
            Group current = groups.findById(h, id).orElseThrow(() -> new NotFoundException("group"));
            groups.delete(h, id);
            audit.record(h, origin, "group.deleted", Outcome.SUCCESS, null, null, Map.of("group", current.name()));
            return null;
        });
    }

    public Page<User> members(UUID groupId, PageRequest page) {
        return db.read(h -> {
            groups.findById(h, groupId).orElseThrow(() -> new NotFoundException("group"));
            return groups.members(h, groupId, page);
        });
    }

    /** Adds a member; returns false when the user already was one. */
    public boolean addMember(UUID groupId, UUID userId, Origin origin) {
        return db.transaction(h -> {
            Group group = groups.findById(h, groupId).orElseThrow(() -> new NotFoundException("group"));
            User user = users.findById(h, userId).orElseThrow(() -> new NotFoundException("user"));
            boolean added = groups.addMember(h, groupId, userId, clock.instant());
            if (added) {
                audit.record(h, origin, "group.member.added", Outcome.SUCCESS, userId, user.username(), Map.of("group", group.name()));
            }
            return added;
        });
    }

    public void removeMember(UUID groupId, UUID userId, Origin origin) {
        db.transaction(h -> {
            Group group = groups.findById(h, groupId).orElseThrow(() -> new NotFoundException("group"));
            User user = users.findById(h, userId).orElseThrow(() -> new NotFoundException("user"));
            if (!groups.removeMember(h, groupId, userId)) {
                throw new NotFoundException("membership");
            }
            audit.record(h, origin, "group.member.removed", Outcome.SUCCESS, userId, user.username(), Map.of("group", group.name()));
            return null;
        });
    }

    /** Direct and inherited groups of a user. */
    public List<Group> effectiveGroups(UUID userId) {
        return db.read(h -> groups.effectiveGroupsOf(h, userId));
    }

    public List<Group> directGroups(UUID userId) {
        return db.read(h -> {
            users.findById(h, userId).orElseThrow(() -> new NotFoundException("user"));
            return groups.directGroupsOf(h, userId);
        });
    }

    /** Administrators: the admin flag, or effective membership of the {@value #ADMINS_GROUP} group. */
    public static boolean isAdministrator(User user, List<Group> effectiveGroups) {
        return user.active() && (user.admin()
                || effectiveGroups.stream().anyMatch(g -> ADMINS_GROUP.equals(g.name().toLowerCase(Locale.ROOT))));
    }

    /**
     * What is wrong with a hash offered for import, if anything. Costs are bounded because a login
     * pays them: an imported m=4 GiB hash would be a denial of service.
     */
    private static java.util.Optional<String> importableHash(String encoded) {
        java.util.Optional<PhcHash> parsed = PhcHash.parse(encoded);
        if (parsed.isEmpty()) {
            return java.util.Optional.of("Must be an Argon2id hash in PHC format: $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>.");
        }
        PhcHash h = parsed.get();
        if (h.memoryKib() > 1_048_576 || h.iterations() > 20 || h.parallelism() > 16 || h.memoryKib() < 8 * h.parallelism()) {
            return java.util.Optional.of("Hash parameters out of range (m at most 1048576 KiB, t at most 20, p at most 16).");
        }
        return java.util.Optional.empty();
    }

    private static void validateUserFields(FieldErrors errors, UserInput in) {
        Checks.email(errors, "email", in.email());
        Checks.text(errors, "displayName", in.displayName(), 200, false);
        Checks.attributes(errors, "attributes", in.attributes());
    }

    private static Map<String, Object> changes(User before, User after) {
        Map<String, Object> changed = new LinkedHashMap<>();
        if (!before.username().equals(after.username())) {
            changed.put("username", after.username());
        }
        if (before.active() != after.active()) {
            changed.put("active", after.active());
        }
        if (before.admin() != after.admin()) {
            changed.put("admin", after.admin());
        }
        if (!java.util.Objects.equals(before.email(), after.email())) {
            changed.put("email", "changed");
        }
        return changed;
    }
}
