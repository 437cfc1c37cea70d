package dev.signet.console;

import dev.signet.audit.AuditEvent;
import dev.signet.keys.Keypair;
import dev.signet.storage.AuditRepository.Filter;
import dev.signet.storage.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** /admin: how big the directory is, what needs attention (certificates about to expire) and recent failed sign-ins. */
public final class OverviewPage {
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final int RECENT_FAILURES = 10;

    private final Console console;
    private final ConsoleServices services;

    OverviewPage(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin", this::show);
    }

    private void show(Context ctx) {
        PageRequest one = new PageRequest(1, 0, "");
        Instant now = services.clock().instant();
        List<Keypair> expiring = services.keypairs().list().stream()
                .filter(k -> k.notAfter().isBefore(now.plus(EXPIRY_WARNING)))
                .sorted(Comparator.comparing(Keypair::notAfter))
                .toList();
        List<AuditEvent> failures = services.audit().search(services.db(), new Filter(null, null, "login.failure", null, null),
                RECENT_FAILURES, 0).items();
        console.render(ctx, 200, "admin/overview.jte", new Overview(console.chrome(ctx, "Overview", Section.OVERVIEW),
                services.directory().listUsers(one).total(), services.directory().listGroups(one).total(),
                services.applications().list(one).total(), expiring, failures, now));
    }

    /** The overview page's data. */
    public record Overview(AdminChrome chrome, long users, long groups, long applications, List<Keypair> expiringCertificates,
                           List<AuditEvent> recentFailedLogins, Instant now) {
        public boolean expired(Keypair k) {
            return k.notAfter().isBefore(now);
        }

        public long daysLeft(Keypair k) {
            return Duration.between(now, k.notAfter()).toDays();
        }
    }
}
