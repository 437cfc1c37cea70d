package dev.signet;

import dev.signet.admin.AdminApi;
import dev.signet.admin.ApiAuthenticator;
import dev.signet.applications.ApplicationService;
import dev.signet.audit.AuditLog;
import dev.signet.audit.DeferredAuditWriter;
import dev.signet.authentication.LoginService;
import dev.signet.authentication.LoginThrottle;
import dev.signet.authentication.PasswordHasher;
import dev.signet.authentication.PasswordPolicy;
import dev.signet.authentication.SessionService;
import dev.signet.bootstrap.FirstStart;
import dev.signet.config.SignetConfig;
import dev.signet.console.AdminConsole;
import dev.signet.console.ConsoleServices;
import dev.signet.directory.DirectoryService;
import dev.signet.keys.CryptoProviders;
import dev.signet.keys.InstanceSecrets;
import dev.signet.keys.KeyEncryption;
import dev.signet.keys.KeypairService;
import dev.signet.keys.MessageSeal;
import dev.signet.aws.AwsApplicationService;
import dev.signet.aws.AwsSetup;
import dev.signet.storage.AwsApplicationRepository;
import dev.signet.logging.ConsoleLogFormat;
import dev.signet.mappings.MappingExpressions;
import dev.signet.metrics.HttpMetrics;
import dev.signet.metrics.LoginMetrics;
import dev.signet.metrics.Metrics;
import dev.signet.metrics.MetricsAccess;
import dev.signet.metrics.MetricsRoutes;
import dev.signet.metrics.SsoMetrics;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.storage.ApiTokenRepository;
import dev.signet.storage.PropertyMappingRepository;
import dev.signet.storage.ApplicationRepository;
import dev.signet.storage.AuditRepository;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.KeypairRepository;
import dev.signet.storage.LoginFailureRepository;
import dev.signet.storage.RuntimeSettingRepository;
import dev.signet.storage.SessionRepository;
import dev.signet.storage.SignInLookupRepository;
import dev.signet.settings.RuntimeSettings;
import dev.signet.storage.UserRepository;
import dev.signet.web.AccountPages;
import dev.signet.web.Auth;
import dev.signet.web.Chromes;
import dev.signet.web.ClientAddress;
import dev.signet.web.Cookies;
import dev.signet.web.Csrf;
import dev.signet.web.ErrorMapper;
import dev.signet.web.HealthRoutes;
import dev.signet.web.LoginPages;
import dev.signet.web.PortalPages;
import dev.signet.web.Templates;
import dev.signet.web.WebServer;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import dev.signet.saml.PendingRequests;
import dev.signet.saml.SamlEndpoints;
import dev.signet.saml.SamlProviderService;
import dev.signet.saml.SingleLogout;
import dev.signet.saml.SingleSignOn;
import dev.signet.saml.SubjectIdentifiers;
import dev.signet.storage.SamlProviderRepository;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Signet node. {@link #start} builds the whole object graph by hand (no container), so
 * "go to definition" leads from any route to the code that serves it.
 */
public final class Signet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Signet.class);

    private final Database db;
    private final PasswordHasher hasher;
    private final Javalin http;
    private final ScheduledExecutorService housekeeping;
    private final AdminApi adminApi;
    private final String publicUrl;
    private final DeferredAuditWriter deferredAudit;
    private final Metrics metrics;
    private final ConsoleLogFormat.Restore logFormat;

    private Signet(Database db, PasswordHasher hasher, Javalin http, ScheduledExecutorService housekeeping, AdminApi adminApi,
                   String publicUrl, DeferredAuditWriter deferredAudit, Metrics metrics, ConsoleLogFormat.Restore logFormat) {
        this.deferredAudit = deferredAudit;
        this.metrics = metrics;
        this.logFormat = logFormat;
        this.db = db;
        this.hasher = hasher;
        this.http = http;
        this.housekeeping = housekeeping;
        this.adminApi = adminApi;
        this.publicUrl = publicUrl;
    }

    public static Signet start(SignetConfig config, Clock givenClock) {
        long started = System.nanoTime();
        // First, so that every line of this node, start-up included, is in the configured format.
        ConsoleLogFormat.Restore logFormat = ConsoleLogFormat.apply(config.monitoring().logFormat());
        Metrics metrics = new Metrics();
        try {
            return start(config, givenClock, started, metrics, logFormat);
        } catch (RuntimeException e) {
            metrics.close();
            logFormat.close();
            throw e;
        }
    }

    private static Signet start(SignetConfig config, Clock givenClock, long started, Metrics metrics,
                                ConsoleLogFormat.Restore logFormat) {
        CryptoProviders.install();
        AtomicReference<String> publicUrlHolder = new AtomicReference<>(config.effectivePublicUrl(config.listenPort()));
        // Microseconds: what H2 and PostgreSQL store, so a record returned equals the record read back.
        Clock clock = Clock.tick(givenClock, java.time.Duration.ofNanos(1000));
        createDataDir(config.dataDir());
        InstanceSecrets secrets = InstanceSecrets.load(config.dataDir(), config.cookieKey(), config.keyEncryptionKey());
        Database db = Database.open(config, metrics.registry());
        PasswordHasher hasher = new PasswordHasher(config.password());
        DeferredAuditWriter deferredAudit = null;
        try {
            UserRepository users = new UserRepository();
            GroupRepository groups = new GroupRepository();
            SessionRepository sessionRepository = new SessionRepository();
            AuditRepository auditRepository = new AuditRepository();
            AuditLog audit = new AuditLog(auditRepository, clock);
            deferredAudit = new DeferredAuditWriter(db, auditRepository);
            audit.useDeferredWriter(deferredAudit);
            // Settings the console may change at runtime; what uses them asks on every use, so no restart is needed.
            RuntimeSettings settings = new RuntimeSettings(db, new RuntimeSettingRepository(), audit, clock, config,
                    publicUrlHolder::get);
            PasswordPolicy policy = new PasswordPolicy(settings::passwordMinLength, settings::passwordMaxLength);

            FirstStart.run(db, hasher, audit, clock, config.bootstrapAdminUsername(), config.bootstrapPassword(),
                    config.bootstrapToken());

            KeypairService keypairs = new KeypairService(db, new KeypairRepository(),
                    new KeyEncryption(secrets.keyEncryptionKey()), audit, clock);
            keypairs.ensureDefault();

            SessionService sessions = new SessionService(db, sessionRepository, clock, settings::sessionIdleTimeout,
                    settings::sessionAbsoluteLifetime);
            LoginThrottle throttle = new LoginThrottle(new LoginFailureRepository(), clock, settings::throttleMaxFailures,
                    settings::throttleWindow);
            LoginService login = new LoginService(db, users, new SignInLookupRepository(), hasher, policy, throttle, sessions,
                    audit, clock, new LoginMetrics(metrics.registry()));
            DirectoryService directory = new DirectoryService(db, users, groups, sessionRepository, hasher, policy, audit, clock);
            ApplicationRepository applicationRepository = new ApplicationRepository();
            ApplicationService applications = new ApplicationService(db, applicationRepository, groups, audit, clock);
            SamlProviderRepository samlRepository = new SamlProviderRepository();
            PropertyMappingService propertyMappings = new PropertyMappingService(db, new PropertyMappingRepository(),
                    new MappingExpressions(), audit, clock);
            propertyMappings.ensureBuiltIns();
            SamlProviderService samlProviders = new SamlProviderService(db, samlRepository, applicationRepository, keypairs,
                    propertyMappings, audit, clock);
            applications.onChange(samlProviders::forgetCached);
            propertyMappings.onChange(samlProviders::forgetCached);
            AwsApplicationService awsApplications = new AwsApplicationService(db, new AwsApplicationRepository(), groups, applications,
                    samlProviders, propertyMappings, audit, clock);
            applications.onChange(awsApplications::forgetCached);
            SingleSignOn sso = new SingleSignOn(db, samlRepository, groups, applications, keypairs, propertyMappings, awsApplications,
                    awsApplications, SubjectIdentifiers.load(db, clock), audit, clock, config.samlClockSkew(), settings::publicUrl,
                    new SsoMetrics(metrics.registry()));
            AwsSetup awsSetup = new AwsSetup(awsApplications, samlProviders, propertyMappings, sso, keypairs, settings::publicUrl, clock);
            MessageSeal seals = new MessageSeal(secrets.cookieKey());
            PendingRequests pending = new PendingRequests(seals, clock);
            SingleLogout slo = new SingleLogout(db, samlRepository, samlProviders, sessions, keypairs, audit, clock,
                    config.samlClockSkew(), settings::publicUrl, seals);

            Cookies cookies = new Cookies(() -> settings.publicUrl().startsWith("https://"));
            ClientAddress clientAddress = new ClientAddress(config.trustForwardedHeaders());
            Auth auth = new Auth(sessions, clientAddress);
            Csrf csrf = new Csrf(secrets.cookieKey(), cookies);
            Templates templates = new Templates();
            Chromes chromes = new Chromes(auth, csrf);
            AdminApi adminApi = new AdminApi(new ApiAuthenticator(db, new ApiTokenRepository(), users, groups, auth, csrf),
                    directory, applications, sessions, db, audit, keypairs, samlProviders, propertyMappings,
                    sso, awsApplications, awsSetup, settings::publicUrl);

            Javalin http = WebServer.create(config.listenHost(), config.listenPort(), config.maxRequestBytes(), clientAddress,
                    new ErrorMapper(templates), new HttpMetrics(metrics.registry(), db.roundTrips()), List.of(
                            new HealthRoutes(db)::register,
                            new MetricsRoutes(metrics, new MetricsAccess(config.monitoring().metricsToken()))::register,
                            new LoginPages(login, auth, csrf, cookies, templates, chromes, slo)::register,
                            new PortalPages(applications, samlProviders, awsApplications, directory, auth, templates, chromes)::register,
                            new SamlEndpoints(samlProviders, sso, slo, pending, keypairs, auth, templates, settings::publicUrl)::register,
                            new AccountPages(directory, sessions, db, auth, csrf, cookies, templates, chromes, slo)::register,
                            adminApi::register,
                            new AdminConsole(new ConsoleServices(db, directory, sessions, applications,
                                    samlProviders, propertyMappings, keypairs, sso, awsApplications, awsSetup,
                                    audit, clock, settings::publicUrl, settings), auth, csrf, templates)::register));
            http.start();

            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "housekeeping");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    int s = sessions.purgeExpired();
                    int f = db.transaction(throttle::purgeExpired);
                    java.time.Instant now = clock.instant();
                    db.transaction(h -> samlRepository.purgeExpired(h, now));
                    log.debug("housekeeping: removed {} expired session(s), {} old login failure(s)", s, f);
                } catch (RuntimeException e) {
                    log.warn("housekeeping failed: {}", e.toString());
                }
            }, 1, 10, TimeUnit.MINUTES);

            String publicUrl = config.effectivePublicUrl(http.port());
            publicUrlHolder.set(publicUrl);
            log.info("Signet ready at {} in {} ms (listening on {}:{})", publicUrl,
                    (System.nanoTime() - started) / 1_000_000, config.listenHost(), http.port());
            return new Signet(db, hasher, http, housekeeping, adminApi, publicUrl, deferredAudit, metrics, logFormat);
        } catch (RuntimeException e) {
            if (deferredAudit != null) {
                deferredAudit.close();
            }
            hasher.close();
            db.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public String publicUrl() {
        return publicUrl;
    }

    public List<String> apiRoutes() {
        return adminApi.registeredRoutes();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        http.stop();
        deferredAudit.close();
        hasher.close();
        db.close();
        metrics.close();
        logFormat.close();
    }

    private static void createDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create data directory " + dir, e);
        }
    }
}
