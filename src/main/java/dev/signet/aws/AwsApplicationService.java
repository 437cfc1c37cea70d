package dev.signet.aws;

import dev.signet.applications.Application;
import dev.signet.applications.ApplicationInput;
import dev.signet.applications.ApplicationService;
import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.aws.AwsSettingsCheck.AwsSettings;
import dev.signet.aws.iam.RoleTarget;
import dev.signet.directory.Group;
import dev.signet.errors.Checks;
import dev.signet.errors.FieldErrors;
import dev.signet.errors.NotFoundException;
import dev.signet.mappings.AwsFacts;
import dev.signet.mappings.BuiltInMappings;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingInput;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.saml.SingleSignOn.RelayStatePolicy;
import dev.signet.saml.SamlErrors.PageError;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlProviderInput;
import dev.signet.saml.SamlProviderService;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.storage.AwsApplicationRepository;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.ReadThroughCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS applications: the preset that creates a ready application (SAML provider with AWS's ACS,
 * audience, binding and signing, the AWS mappings attached), changes to it, and the role mapping
 * that gives each user their Role values at sign-in ({@link AwsFacts}). Deep links follow only
 * AWS console addresses ({@link RelayStatePolicy}).
 */
public final class AwsApplicationService implements AwsFacts, RelayStatePolicy {
    /** How long the role mapping read at sign-in is reused; a change on this node applies at once. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    /** Names of the tag mappings the preset creates start so: the preset manages them. */
    static final String TAG_MAPPING_PREFIX = "aws-principal-tag-";
    /** How long AWS accepts an assertion after it is issued. */
    private static final int REDEMPTION_WINDOW = 300;

    private final Database db;
    private final AwsApplicationRepository repository;
    private final GroupRepository groups;
    private final ApplicationService applications;
    private final SamlProviderService providers;
    private final PropertyMappingService mappings;
    private final AuditLog audit;
    private final Clock clock;
    private final AwsSettingsCheck settingsCheck;
    private final ReadThroughCache<UUID, AwsApplication> cache = new ReadThroughCache<>(CACHE_TTL, 10_000, true);

    public AwsApplicationService(Database db, AwsApplicationRepository repository, GroupRepository groups,
                                 ApplicationService applications, SamlProviderService providers, PropertyMappingService mappings,
                                 AuditLog audit, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.groups = groups;
        this.applications = applications;
        this.providers = providers;
        this.mappings = mappings;
        this.audit = audit;
        this.clock = clock;
        this.settingsCheck = new AwsSettingsCheck(db, groups);
    }

    public Optional<AwsApplication> find(UUID applicationId) {
        return db.read(h -> repository.find(h, applicationId));
    }

    public AwsApplication get(UUID applicationId) {
        return find(applicationId).orElseThrow(() -> new NotFoundException("AWS application"));
    }

    /** Every AWS application, oldest first. */
    public List<AwsApplication> list() {
        return db.read(h -> repository.applicationIds(h).stream().flatMap(id -> repository.find(h, id).stream()).toList());
    }

    // ---- The preset -----------------------------------------------------------------------------

    /**
     * Creates the application, its SAML provider and its AWS settings in one call. Everything is
     * checked first; if a later step still fails, what was created is removed again.
     */
    public AwsApplication create(AwsPresetInput in, Origin origin) {
        FieldErrors errors = applications.checkNew(appInput(in));
        AwsSettings settings = settingsCheck.check(in, null, errors);
        List<PropertyMapping> own = ownMappings(in.propertyMappings(), errors);
        errors.throwIfAny();
        Application app = applications.create(appInput(in), origin);
        List<UUID> createdMappings = new ArrayList<>();
        try {
            Instant now = clock.instant();
            AwsApplication aws = new AwsApplication(app.id(), settings.region(), settings.partition(), settings.sessionDuration(),
                    settings.providerName(), settings.rules(), settings.principalTags(), settings.sourceIdentity(), null, null, now, now);
            providers.save(app.id(), providerInput(aws, settings.consoleUrl(), in.keypairId(), own == null ? List.of() : own, createdMappings, true), false,
                    origin);
            db.transaction(h -> {
                repository.upsert(h, aws);
                audit.record(h, origin, "aws.application.created", Outcome.SUCCESS, null, null,
                        Map.of("slug", app.slug(), "roles", aws.roleRules().size()));
                return null;
            });
            forget(app.id());
            return get(app.id());
        } catch (RuntimeException e) {
            // Nothing half-made stays behind: the application (with its provider) and the tag mappings made for it.
            applications.delete(app.id(), origin);
            for (UUID id : createdMappings) {
                mappings.delete(id, origin);
            }
            throw e;
        }
    }

    /** Changes the given settings of an AWS application (null keeps one); the SAML provider follows. */
    public AwsApplication update(UUID applicationId, AwsPresetInput in, Origin origin) {
        AwsApplication current = get(applicationId);
        SamlProvider provider = providers.get(applicationId);
        FieldErrors errors = new FieldErrors();
        AwsSettings settings = settingsCheck.check(in, current, errors);
        List<PropertyMapping> own = ownMappings(in.propertyMappings(), errors);
        errors.throwIfAny();
        AwsApplication changed = new AwsApplication(applicationId, settings.region(), settings.partition(), settings.sessionDuration(),
                settings.providerName(), settings.rules(), settings.principalTags(), settings.sourceIdentity(), current.iamMetadata(),
                current.iamMetadataRecordedAt(), current.createdAt(), clock.instant());
        String consoleUrl = in.consoleUrl() != null ? settings.consoleUrl() : provider.defaultRelayState();
        // One transaction: the provider and the AWS settings change together or not at all.
        providers.save(applicationId, providerInput(changed, consoleUrl, in.keypairId(),
                own != null ? own : adminMappings(provider), new ArrayList<>(), false),
                true, origin, h -> {
                    repository.upsert(h, changed);
                    audit.record(h, origin, "aws.application.updated", Outcome.SUCCESS, null, null,
                            Map.of("applicationId", applicationId.toString(), "roles", changed.roleRules().size()));
                });
        forget(applicationId);
        return get(applicationId);
    }

    /** Records the metadata document now held by the IAM SAML provider (what the preflight compares with). */
    public AwsApplication recordIamMetadata(UUID applicationId, String metadata, Origin origin) {
        get(applicationId);
        db.transaction(h -> {
            repository.recordIamMetadata(h, applicationId, metadata, clock.instant());
            audit.record(h, origin, "aws.iam-metadata.recorded", Outcome.SUCCESS, null, null,
                    Map.of("applicationId", applicationId.toString()));
            return null;
        });
        forget(applicationId);
        return get(applicationId);
    }

    private static ApplicationInput appInput(AwsPresetInput in) {
        return new ApplicationInput(in.slug(), in.name(), in.description(), null, null,
                in.accessMode() == null ? "all" : in.accessMode(), in.groupIds());
    }

    /**
     * The SAML settings AWS needs; other settings keep their defaults (or current values). AWS caps
     * the console session at SessionNotOnOrAfter, so that is the session length plus the 5 minutes an
     * assertion may take to be redeemed: SessionDuration decides. On a change, the NameID choice stays
     * the admin's. Tag mappings this call creates are added to {@code created}.
     */
    private SamlProviderInput providerInput(AwsApplication aws, String consoleUrl, UUID keypairId, List<PropertyMapping> adminMappings,
                                            List<UUID> created, boolean creating) {
        List<String> sent = new ArrayList<>();
        List<BuiltInMappings.Definition> builtIns = new ArrayList<>(List.of(BuiltInMappings.AWS_ROLE,
                BuiltInMappings.AWS_ROLE_SESSION_NAME, BuiltInMappings.AWS_SESSION_DURATION));
        if (aws.sourceIdentity()) {
            builtIns.add(BuiltInMappings.AWS_SOURCE_IDENTITY);
        }
        for (BuiltInMappings.Definition d : builtIns) {
            if (!sends(adminMappings, d.samlName())) {
                sent.add(mappings.builtIn(d.key()).id().toString());
            }
        }
        aws.principalTags().forEach((key, attribute) -> {
            if (!sends(adminMappings, BuiltInMappings.principalTagName(key))) {
                sent.add(tagMapping(key, attribute, created).id().toString());
            }
        });
        adminMappings.forEach(m -> sent.add(m.id().toString()));
        return new SamlProviderInput(AwsApplication.AUDIENCE, aws.signInUrl(), List.of(), "post", null, keypairId, null, true, false,
                null, null, creating ? "persistent" : null, null, null, aws.sessionDuration() + REDEMPTION_WINDOW,
                consoleUrl == null ? "" : consoleUrl, null, false, null, null, sent, creating ? "" : null);
    }

    private static boolean sends(List<PropertyMapping> list, String samlName) {
        return list.stream().anyMatch(m -> m.samlName().equals(samlName));
    }

    /**
     * The mappings on the provider that the preset does not manage (the admin's own, including their
     * own versions of AWS attributes, which then replace the built-in ones), in their order.
     */
    private List<PropertyMapping> adminMappings(SamlProvider provider) {
        List<PropertyMapping> out = new ArrayList<>();
        for (UUID id : provider.propertyMappingIds()) {
            mappings.cached(id).filter(m -> !presetOwned(m)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The administrator's own mappings named in a preset call (null when not given). The preset's own
     * mappings cannot be listed: the preset manages them.
     */
    private List<PropertyMapping> ownMappings(List<String> references, FieldErrors errors) {
        if (references == null) {
            return null;
        }
        List<PropertyMapping> out = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            String field = "propertyMappings[" + i + "]";
            Optional<PropertyMapping> m = mappings.findByReference(references.get(i));
            if (m.isEmpty()) {
                errors.add(field, "There is no property mapping \"" + Checks.shorten(references.get(i), 60) + "\".");
            } else if (presetOwned(m.get())) {
                errors.add(field, "\"" + m.get().name() + "\" is managed by the AWS preset; list only your own mappings.");
            } else if (out.stream().noneMatch(o -> o.id().equals(m.get().id()))) {
                out.add(m.get());
            }
        }
        return out;
    }

    /** The administrator's own mappings on an AWS application's provider, in order. */
    public List<PropertyMapping> ownMappings(UUID applicationId) {
        return adminMappings(providers.get(applicationId));
    }

    /** Whether the preset manages this mapping (its built-in AWS mappings and the session-tag mappings it makes). */
    public static boolean presetOwned(PropertyMapping m) {
        return m.builtIn() && m.builtInKey().startsWith("aws-") || m.name().startsWith(TAG_MAPPING_PREFIX);
    }

    /** The mapping that sends session tag {@code key} from a user attribute: reused when it exists. */
    private PropertyMapping tagMapping(String key, String attribute, List<UUID> created) {
        String name = TAG_MAPPING_PREFIX + key + "-from-" + attribute;
        if (name.length() > 150) {
            // Names are limited; a hash of the full name keeps long ones apart.
            name = name.substring(0, 140) + "-" + Integer.toHexString(name.hashCode());
        }
        String expression = BuiltInMappings.principalTagExpression(attribute);
        Optional<PropertyMapping> existing = mappings.findByReference(name);
        if (existing.isPresent() && existing.get().expression().equals(expression)
                && existing.get().samlName().equals(BuiltInMappings.principalTagName(key))) {
            return existing.get();
        }
        if (existing.isPresent()) {
            name = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        PropertyMapping made = mappings.create(new PropertyMappingInput(name, BuiltInMappings.principalTagName(key), key, "uri",
                expression, "Session tag " + key + " from the user attribute " + attribute + " (created by the AWS preset)."),
                Origin.system());
        created.add(made.id());
        return made;
    }

    // ---- At sign-in -------------------------------------------------------------------------------

    @Override
    public List<String> roles(UUID applicationId, List<Group> userGroups) {
        return cached(applicationId).map(aws -> RoleRule.roleValues(aws.roleRules(), userGroups)).orElse(List.of());
    }

    /**
     * The roles the user's groups give them in the application, each role once in rule order, for the
     * portal to offer as choices; empty for an application that is not an AWS application.
     */
    public List<RoleTarget> roleChoices(UUID applicationId, List<Group> userGroups) {
        LinkedHashMap<String, RoleTarget> byArn = new LinkedHashMap<>();
        cached(applicationId).ifPresent(aws -> RoleRule.rulesFor(aws.roleRules(), userGroups)
                .forEach(r -> byArn.putIfAbsent(r.roleArn(), r.target())));
        return List.copyOf(byArn.values());
    }

    public boolean isAwsApplication(UUID applicationId) {
        return cached(applicationId).isPresent();
    }

    @Override
    public int sessionDuration(UUID applicationId) {
        return cached(applicationId).map(AwsApplication::sessionDuration).orElse(0);
    }

    /** An AWS application follows only deep links into the AWS console; other applications any. */
    @Override
    public void check(Configured c, String relayState) {
        if (cached(c.application().id()).isPresent() && !AwsNames.isConsoleUrl(relayState)) {
            throw new PageError("not-a-console-link", "This link would take you to " + Checks.shorten(relayState, 100) + " after signing in to AWS,"
                    + " which is not an AWS console address. Only links into the AWS console are followed.");
        }
    }

    private Optional<AwsApplication> cached(UUID applicationId) {
        return cache.get(applicationId, this::find);
    }

    private void forget(UUID applicationId) {
        cache.forget(applicationId);
    }

    /** Forgets everything cached (a group was renamed or deleted, an application removed). */
    public void forgetCached() {
        cache.forgetAll();
    }
}
