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
import dev.signet.settings.RuntimeSettings;
import dev.signet.storage.RuntimeSettingRepository;
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
            AuditLog audit = new AuditLog(new AuditRepository(), clock);
            // The password lengths an administrator set in the console apply here too.
            RuntimeSettings settings = new RuntimeSettings(db, new RuntimeSettingRepository(), audit, clock, config,
                    () -> config.effectivePublicUrl(config.listenPort()));
            DirectoryService directory = new DirectoryService(db, users, new GroupRepository(), new SessionRepository(), hasher,
                    new PasswordPolicy(settings::passwordMinLength, settings::passwordMaxLength), audit, clock);
            User user = db.read(h -> users.findByUsername(h, username)).orElseThrow(() -> new NotFoundException("user"));
            directory.setPassword(user.id(), password, null, new Origin(null, "signet reset-password", null, null, "command-line"));
        }
    }
}
