package dev.signet;

import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.authentication.PasswordHasher;
import dev.signet.authentication.PasswordPolicy;
import dev.signet.config.SignetConfig;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.User;
import dev.signet.errors.NotFoundException;
import dev.signet.storage.AuditRepository;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.SessionRepository;
import dev.signet.storage.UserRepository;
import java.time.Clock;

/** The offline password reset behind {@code signet reset-password}: same rules and audit as the admin API. */
final class PasswordReset {
    private PasswordReset() {
    }

    static void run(SignetConfig config, String username, String password) {
        try (Database db = Database.open(config); PasswordHasher hasher = new PasswordHasher(config.password())) {
            Clock clock = Clock.systemUTC();
            UserRepository users = new UserRepository();
            DirectoryService directory = new DirectoryService(db, users, new GroupRepository(), new SessionRepository(), hasher,
                    new PasswordPolicy(config.password()), new AuditLog(new AuditRepository(), clock), clock);
            User user = db.read(h -> users.findByUsername(h, username)).orElseThrow(() -> new NotFoundException("user"));
            directory.setPassword(user.id(), password, null, new Origin(null, "signet reset-password", null, null, "command-line"));
        }
    }
}
