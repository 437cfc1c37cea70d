package dev.signet.bootstrap;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.authentication.PasswordHasher;
import dev.signet.authentication.Tokens;
import dev.signet.directory.User;
import dev.signet.storage.ApiTokenRepository;
import dev.signet.storage.Database;
import dev.signet.storage.InstanceStateRepository;
import dev.signet.storage.UserRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first administrator (and optional API token) exactly once per database. A marker in
 * instance_state, written in the same transaction, keeps restarts from re-creating or overwriting them.
 */
public final class FirstStart {
    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
    private static final String MARKER = "bootstrap.completed";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private FirstStart() {
    }

    public static void run(Database db, PasswordHasher hasher, AuditLog audit, Clock clock,
                           String adminUsername, String configuredPassword, String configuredToken) {
        if (db.read(h -> new InstanceStateRepository().get(h, MARKER)).isPresent()) {
            return;
        }
        boolean generated = configuredPassword.isEmpty();
        String password = generated ? generatePassword() : configuredPassword;
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        User admin = new User(UUID.randomUUID(), adminUsername, null, "Administrator", true, true, Map.of(), now, now, null);
        boolean created = db.transaction(h -> {
            if (!new InstanceStateRepository().insertIfAbsent(h, MARKER, now.toString(), now)) {
                return false;
            }
            UserRepository users = new UserRepository();
            if (users.findByUsername(h, adminUsername).isPresent()) {
                log.warn("first start: user '{}' already exists; not creating an administrator", adminUsername);
                return false;
            }
            users.insert(h, admin, hash);
            if (!configuredToken.isEmpty()) {
                new ApiTokenRepository().insert(h, UUID.randomUUID(), "bootstrap", Tokens.digest(configuredToken), admin.id(), now);
            }
            audit.record(h, Origin.system(), "instance.bootstrap", Outcome.SUCCESS, admin.id(), admin.username(),
                    Map.of("apiToken", !configuredToken.isEmpty()));
            return true;
        });
        if (!created) {
            return;
        }
        if (generated) {
            // Printed once, on purpose: this is the only way an operator learns it. It is never stored in clear.
            log.warn("\n\n    First start: created administrator '{}' with password: {}\n"
                    + "    Sign in at /login and change it on the account page. It will not be shown again.\n", adminUsername, password);
        } else {
            log.info("first start: created administrator '{}' with the configured bootstrap password", adminUsername);
        }
        if (!configuredToken.isEmpty()) {
            log.info("first start: registered the configured bootstrap API token for '{}'", adminUsername);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }
}
