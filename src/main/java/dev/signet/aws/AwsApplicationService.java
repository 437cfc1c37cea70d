package dev.signet.aws;

import dev.signet.applications.Application;
import dev.signet.applications.ApplicationInput;
import dev.signet.applications.ApplicationService;
import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.directory.Group;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * AWS applications: the preset that creates a ready application (SAML provider with AWS's ACS,
 * audience, binding and signing, the AWS mappings attached), changes to it, and the role mapping
 * that gives each user their Role values at sign-in ({@link AwsFacts}). Deep links follow only
 * AWS console addresses ({@link RelayStatePolicy}).
 */
public final class AwsApplicationService implements AwsFacts, RelayStatePolicy {
    /** How long the role mapping read at sign-in is reused; a change on this node applies at once. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final int MAX_TAGS = 50;
    private static final int MAX_RULES = 500;
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
    }

    public Optional<AwsApplication> find(UUID applicationId) {
        return db.read(h -> repository.find(h, applicationId));
    }

    public AwsApplication get(UUID applicationId) {
        return find(applicationId).orElseThrow(() -> new NotFoundException("AWS application"));
    }

    // ---- The preset -----------------------------------------------------------------------------

    /**
     * Creates the application, its SAML provider and its AWS settings in one call. Everything is
     * checked first; if a later step still fails, what was created is removed again.
     */
    public AwsApplication create(AwsPresetInput in, Origin origin) {
        FieldErrors errors = applications.checkNew(appInput(in));
        Settings settings = settings(in, null, errors);
        errors.throwIfAny();
        Application app = applications.create(appInput(in), origin);
        List<UUID> createdMappings = new ArrayList<>();
        try {
            Instant now = clock.instant();
            AwsApplication aws = new AwsApplication(app.id(), settings.region(), settings.partition(), settings.sessionDuration(),
                    settings.providerName(), settings.rules(), settings.principalTags(), settings.sourceIdentity(), null, null, now, now);
            providers.save(app.id(), providerInput(aws, settings.consoleUrl(), in.keypairId(), List.of(), createdMappings, true), false,
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
        Settings settings = settings(in, current, errors);
        errors.throwIfAny();
        AwsApplication changed = new AwsApplication(applicationId, settings.region(), settings.partition(), settings.sessionDuration(),
                settings.providerName(), settings.rules(), settings.principalTags(), settings.sourceIdentity(), current.iamMetadata(),
                current.iamMetadataRecordedAt(), current.createdAt(), clock.instant());
        String consoleUrl = in.consoleUrl() != null ? settings.consoleUrl() : provider.defaultRelayState();
        providers.save(applicationId, providerInput(changed, consoleUrl, in.keypairId(), adminMappings(provider), new ArrayList<>(), false),
                true, origin);
        db.transaction(h -> {
            repository.upsert(h, changed);
            audit.record(h, origin, "aws.application.updated", Outcome.SUCCESS, null, null,
                    Map.of("applicationId", applicationId.toString(), "roles", changed.roleRules().size()));
            return null;
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

    private static boolean presetOwned(PropertyMapping m) {
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

    // ---- Checking the AWS settings ----------------------------------------------------------------

    private record Settings(String region, String partition, int sessionDuration, String providerName, String consoleUrl,
                            List<RoleRule> rules, Map<String, String> principalTags, boolean sourceIdentity) {
    }

    private Settings settings(AwsPresetInput in, AwsApplication current, FieldErrors errors) {
        String region = in.region() != null ? blankToNull(in.region()) : current == null ? null : current.region();
        AwsNames.region(errors, "region", region);
        String partition = AwsNames.partitionOf(region);
        int duration = in.sessionDuration() != null ? in.sessionDuration()
                : current == null ? AwsApplication.DEFAULT_SESSION : current.sessionDuration();
        if (duration < AwsApplication.MIN_SESSION || duration > AwsApplication.MAX_SESSION) {
            errors.add("sessionDuration", "AWS accepts " + AwsApplication.MIN_SESSION + " to " + AwsApplication.MAX_SESSION
                    + " seconds (15 minutes to 12 hours).");
        }
        String slug = in.slug() != null ? in.slug() : null;
        String providerName = in.providerName() != null ? in.providerName().strip()
                : current != null ? current.providerName() : "signet-" + (slug == null ? "aws" : slug);
        AwsNames.providerName(errors, "providerName", providerName);
        String consoleUrl = blankToNull(in.consoleUrl());
        if (consoleUrl != null) {
            if (!AwsNames.isConsoleUrl(consoleUrl)) {
                errors.add("consoleUrl", "Only AWS console addresses (https://...console.aws.amazon.com/...) can be deep links.");
            } else if (consoleUrl.getBytes(StandardCharsets.UTF_8).length > 80) {
                errors.add("consoleUrl", "The deep link travels as RelayState, which SAML limits to 80 bytes.");
            }
        }
        List<RoleRule> rules = in.roles() != null ? rules(in.roles(), partition, providerName, errors)
                : current == null ? List.of() : renamedDefaultProvider(current, providerName);
        if (in.roles() == null && current != null && !current.partition().equals(partition)) {
            errors.add("region", "The region is in another AWS partition than the role mapping's roles; give the roles again.");
        }
        Map<String, String> tags = in.principalTags() != null ? principalTags(in.principalTags(), errors)
                : current == null ? Map.of() : current.principalTags();
        boolean sourceIdentity = in.sourceIdentity() != null ? in.sourceIdentity() : current != null && current.sourceIdentity();
        return new Settings(region, partition, duration, providerName, consoleUrl, rules, tags, sourceIdentity);
    }

    /** The current rules, those that used the default provider name now using the new one. */
    private static List<RoleRule> renamedDefaultProvider(AwsApplication current, String providerName) {
        return current.roleRules().stream().map(r -> !r.providerName().equals(current.providerName()) ? r
                : new RoleRule(r.groupId(), r.groupName(), r.partition(), r.accountId(), r.rolePath(), r.roleName(), providerName))
                .toList();
    }

    private List<RoleRule> rules(List<AwsPresetInput.RoleRuleInput> in, String partition, String defaultProvider, FieldErrors errors) {
        if (in.size() > MAX_RULES) {
            errors.add("roles", "At most " + MAX_RULES + " rules.");
            return List.of();
        }
        List<RoleRule> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            AwsPresetInput.RoleRuleInput r = in.get(i);
            String field = "roles[" + i + "]";
            if (r == null) {
                errors.add(field, "A rule is an object with group, account, role and (optionally) provider.");
                continue;
            }
            Optional<Group> group = findGroup(r.group());
            if (group.isEmpty()) {
                errors.add(field + ".group", r.group() == null || r.group().isBlank() ? "Name the group (its name or ID)."
                        : "No group is named '" + shorten(r.group()) + "'.");
            }
            String account = blankToNull(r.account());
            boolean roleIsArn = r.role() != null && r.role().strip().startsWith("arn:");
            if (account != null || !roleIsArn) {
                AwsNames.account(errors, field + ".account", account);
            }
            AwsNames.ParsedRole role = AwsNames.parseRole(errors, field + ".role", r.role(), account, partition);
            String provider = blankToNull(r.provider()) == null ? defaultProvider : r.provider().strip();
            AwsNames.providerName(errors, field + ".provider", provider);
            if (role != null && !role.partition().equals(partition)) {
                errors.add(field + ".role", "The role is in the " + role.partition() + " partition, but the sign-in region is in "
                        + partition + ".");
            }
            if (group.isPresent() && role != null && role.accountId() != null) {
                RoleRule rule = new RoleRule(group.get().id(), group.get().name(), role.partition(), role.accountId(), role.path(),
                        role.name(), provider);
                if (seen.add(rule.groupId() + "|" + rule.roleValue())) {
                    out.add(rule);
                }
            }
        }
        return List.copyOf(out);
    }

    private Optional<Group> findGroup(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String ref = reference.strip();
        return db.read(h -> {
            if (ref.length() == 36) {
                try {
                    Optional<Group> byId = groups.findById(h, UUID.fromString(ref));
                    if (byId.isPresent()) {
                        return byId;
                    }
                } catch (IllegalArgumentException notAnId) {
                    // a name that happens to be 36 characters long
                }
            }
            return groups.findByName(h, ref);
        });
    }

    private static Map<String, String> principalTags(Map<String, String> in, FieldErrors errors) {
        if (in.size() > MAX_TAGS) {
            errors.add("principalTags", "AWS accepts at most " + MAX_TAGS + " session tags.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> lower = new HashSet<>();
        for (Map.Entry<String, String> e : in.entrySet()) {
            String key = e.getKey();
            String field = "principalTags." + key;
            if (!TAG_KEY.matcher(key).matches()) {
                errors.add(field, "Tag keys are 1 to 128 letters, digits, spaces and _ . : / = + - @.");
            } else if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                errors.add(field, "Tag keys cannot start with aws: (AWS reserves it).");
            } else if (!lower.add(key.toLowerCase(Locale.ROOT))) {
                errors.add(field, "AWS compares tag keys ignoring case: this key repeats another one.");
            }
            String attribute = e.getValue();
            if (attribute == null || attribute.isBlank() || attribute.length() > 128 || attribute.chars().anyMatch(c -> c < 0x20)) {
                errors.add(field, "Name the user attribute the tag's value comes from (at most 128 characters).");
            }
            out.put(key, e.getValue() == null ? "" : e.getValue().strip());
        }
        return out;
    }

    // ---- At sign-in -------------------------------------------------------------------------------

    @Override
    public List<String> roles(UUID applicationId, List<Group> userGroups) {
        return cached(applicationId).map(aws -> RoleRule.roleValues(aws.roleRules(), userGroups)).orElse(List.of());
    }

    @Override
    public int sessionDuration(UUID applicationId) {
        return cached(applicationId).map(AwsApplication::sessionDuration).orElse(0);
    }

    /** An AWS application follows only deep links into the AWS console; other applications any. */
    @Override
    public void check(Configured c, String relayState) {
        if (cached(c.application().id()).isPresent() && !AwsNames.isConsoleUrl(relayState)) {
            throw new PageError("not-a-console-link", "This link would take you to " + shorten(relayState) + " after signing in to AWS,"
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
