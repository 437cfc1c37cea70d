package dev.signet.saml;

import dev.signet.applications.Application;
import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.errors.Checks;
import dev.signet.errors.FieldErrors;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import dev.signet.keys.Certificates;
import dev.signet.keys.Keypair;
import dev.signet.keys.KeypairService;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.storage.ApplicationRepository;
import dev.signet.storage.Database;
import dev.signet.storage.ReadThroughCache;
import dev.signet.storage.SamlProviderRepository;
import dev.signet.storage.SamlProviderRepository.ProviderKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SAML settings of applications: read, create-or-replace with defaults, delete, and the checks
 * that keep a stored provider usable (keypair exists and fits the algorithm, URLs are absolute, ...).
 */
public final class SamlProviderService {
    static final int DEFAULT_NOT_BEFORE_SKEW = 60;
    static final int DEFAULT_ASSERTION_VALIDITY = 300;
    static final int DEFAULT_SESSION_VALIDITY = 8 * 3600;
    static final int MAX_RELAY_STATE_BYTES = 80;
    /** Given as nextKeypairId, clears it (JSON null in the API). */
    public static final UUID CLEAR = new UUID(0, 0);
    private static final int MAX_METADATA_BYTES = 1024 * 1024;

    private final Database db;
    private final SamlProviderRepository providers;
    private final ApplicationRepository applications;
    private final KeypairService keypairs;
    private final PropertyMappingService mappings;
    private final AuditLog audit;
    private final Clock clock;
    /** How long a slug lookup is reused; see {@link #bySlug}. */
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(2);
    /** Only hits are kept: requests for made-up slugs must not push real ones out. */
    private final ReadThroughCache<String, Configured> bySlug = new ReadThroughCache<>(CACHE_TTL, 10_000, false);

    public SamlProviderService(Database db, SamlProviderRepository providers, ApplicationRepository applications,
                               KeypairService keypairs, PropertyMappingService mappings, AuditLog audit, Clock clock) {
        this.db = db;
        this.providers = providers;
        this.applications = applications;
        this.keypairs = keypairs;
        this.mappings = mappings;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<SamlProvider> find(UUID applicationId) {
        return db.read(h -> providers.find(h, applicationId));
    }

    public SamlProvider get(UUID applicationId) {
        return find(applicationId).orElseThrow(() -> new NotFoundException("SAML provider"));
    }

    /**
     * The application with that slug and its provider, for the SAML endpoints. Read on every SSO
     * request, so kept for {@link #CACHE_TTL}: a change made on this node applies at once, one made
     * on another node within that time.
     */
    public Optional<Configured> bySlug(String slug) {
        return bySlug.get(slug, s -> db.read(h -> applications.findBySlug(h, s).flatMap(app -> configured(h, app))));
    }

    /** The application with that ID and its provider (not cached: for logout, not the SSO hot path). */
    public Optional<Configured> byApplicationId(UUID applicationId) {
        return db.read(h -> applications.findById(h, applicationId).flatMap(app -> configured(h, app)));
    }

    private Optional<Configured> configured(org.jdbi.v3.core.Handle h, Application app) {
        return providers.find(h, app.id()).map(p -> new Configured(app, p));
    }

    /** The application with that ID and its provider, chosen for a test: a bad choice is a field error, not a 404. */
    public Configured chosenForTest(UUID applicationId) {
        return byApplicationId(applicationId)
                .orElseThrow(() -> InvalidInputException.of("applicationId", "No application with a SAML provider has this ID."));
    }

    /** Every provider's signing keypair and next keypair, with its application, by slug. */
    public List<ProviderKeys> providerKeys() {
        return db.read(providers::providerKeys);
    }

    // ---- Key rotation (docs/saml.md, "Keys and rotation") ----------------------------------------

    /** Rotation step 1: the metadata lists {@code keypairId} next to the signing certificate; signing does not change. */
    public SamlProvider publishNextKeypair(UUID applicationId, UUID keypairId, Origin origin) {
        if (keypairId == null) {
            throw InvalidInputException.of("nextKeypairId", "Choose the certificate to publish next.");
        }
        return save(applicationId, keys(null, keypairId), true, origin);
    }

    /**
     * Rotation step 2: sign with the next keypair; the one signing until now stays published as the
     * next, so that an SP still trusting only it keeps accepting responses until it has the new metadata.
     */
    public SamlProvider switchToNextKeypair(UUID applicationId, Origin origin) {
        SamlProvider p = get(applicationId);
        if (p.nextKeypairId() == null) {
            throw InvalidInputException.of("nextKeypairId", "Publish the next certificate first.");
        }
        return save(applicationId, keys(p.nextKeypairId(), p.keypairId()), true, origin);
    }

    /** Rotation step 3: stop publishing the next keypair (after a switch, the old one). */
    public SamlProvider retireNextKeypair(UUID applicationId, Origin origin) {
        return save(applicationId, keys(null, CLEAR), true, origin);
    }

    /** Without a rotation: sign with {@code keypairId} at once and publish only it, for a provider no SP relies on yet. */
    public SamlProvider signWithKeypairNow(UUID applicationId, UUID keypairId, Origin origin) {
        if (keypairId == null) {
            throw InvalidInputException.of("keypairId", "Choose the certificate to sign with.");
        }
        return save(applicationId, keys(keypairId, CLEAR), true, origin);
    }

    private static SamlProviderInput keys(UUID keypairId, UUID nextKeypairId) {
        return new SamlProviderInput(null, null, null, null, null, keypairId, nextKeypairId, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** Forgets cached lookups after a change to an application or its provider. */
    public void forgetCached() {
        bySlug.forgetAll();
    }

    /** Every application that has a provider, by application name (for the admin console's list). */
    public List<Configured> all() {
        return db.read(h -> providers.applicationIds(h).stream()
                .map(id -> applications.findById(h, id).flatMap(app -> configured(h, app)))
                .flatMap(Optional::stream)
                .sorted(java.util.Comparator.comparing((Configured c) -> c.application().name().toLowerCase(java.util.Locale.ROOT))
                        .thenComparing(c -> c.application().slug()))
                .toList());
    }

    /** An application together with its SAML provider. */
    public record Configured(Application application, SamlProvider provider) {
    }

    /**
     * Creates the application's provider, or replaces it; fields not given take their defaults
     * (or, with {@code keepUnset}, keep the current values).
     */
    public SamlProvider save(UUID applicationId, SamlProviderInput in, boolean keepUnset, Origin origin) {
        return save(applicationId, in, keepUnset, origin, h -> { });
    }

    /**
     * As {@link #save(UUID, SamlProviderInput, boolean, Origin)}, with {@code alsoWrite} run in the same
     * transaction: settings kept beside the provider (an AWS application's) are saved with it or not at all.
     */
    public SamlProvider save(UUID applicationId, SamlProviderInput in, boolean keepUnset, Origin origin,
                             java.util.function.Consumer<org.jdbi.v3.core.Handle> alsoWrite) {
        Application app = db.read(h -> applications.findById(h, applicationId)).orElseThrow(() -> new NotFoundException("application"));
        Optional<SamlProvider> current = find(applicationId);
        SamlProvider base = keepUnset && current.isPresent() ? current.get() : defaults(applicationId);
        FieldErrors errors = new FieldErrors();
        SamlProvider merged = merge(base, in, current.map(SamlProvider::createdAt).orElse(null), errors);
        errors.addAll(check(merged, in));
        errors.throwIfAny();
        db.transaction(h -> {
            if (applications.findById(h, applicationId).isEmpty()) {
                throw new NotFoundException("application");
            }
            providers.upsert(h, merged);
            audit.record(h, origin, current.isPresent() ? "saml.provider.updated" : "saml.provider.created", Outcome.SUCCESS,
                    null, null, Map.of("slug", app.slug(), "spEntityId", merged.spEntityId()));
            alsoWrite.accept(h);
            return null;
        });
        forgetCached();
        return merged;
    }

    /**
     * Configures the provider from the SP's metadata: entity ID, ACS URLs and binding, signing
     * certificate, NameID format, WantAssertionsSigned, AuthnRequestsSigned and single logout.
     * Settings the metadata does not speak about keep their current (or default) values.
     */
    public SamlProvider importMetadata(UUID applicationId, byte[] xml, String chosenEntityId, Origin origin) {
        SpMetadata md = SpMetadata.parse(xml, chosenEntityId);
        SpMetadata.AssertionConsumerService acs = md.defaultAcs();
        List<String> others = md.assertionConsumerServices().stream().map(SpMetadata.AssertionConsumerService::location)
                .filter(u -> !u.equals(acs.location())).distinct().toList();
        // Every signing certificate (an SP lists two during its key rotation); none means "keep".
        String certificates = md.signingCertificates().isEmpty() ? null
                : md.signingCertificates().stream().map(Certificates::toPem).collect(java.util.stream.Collectors.joining());
        String format = md.nameIdFormats().stream().map(NameIdFormat::fromUri).flatMap(Optional::stream).findFirst()
                .map(NameIdFormat::wire).orElse(null);
        // What the metadata does not say keeps its value; signed requests can be switched on, never off, by it.
        SamlProviderInput in = new SamlProviderInput(md.entityId(), acs.location(), others,
                SamlBinding.fromUri(acs.binding()).orElse(SamlBinding.POST).wire(), null, null, null,
                md.wantAssertionsSigned() ? Boolean.TRUE : null, null, null, null, format, null, null, null, null,
                certificates, md.authnRequestsSigned() && certificates != null ? Boolean.TRUE : null,
                md.singleLogout() == null ? null : md.singleLogout().location(),
                md.singleLogout() == null ? null : SamlBinding.fromUri(md.singleLogout().binding()).map(SamlBinding::wire).orElse(null),
                null, null);
        return save(applicationId, in, true, origin);
    }

    /**
     * Downloads SP metadata (admins only call this): https, or http on this machine's loopback only
     * (whoever sits between Signet and an SP could otherwise choose the ACS URL and the SP certificate);
     * 10 s, at most 1 MiB.
     */
    public byte[] fetchMetadata(String url) {
        FieldErrors errors = new FieldErrors();
        Checks.url(errors, "url", url, false);
        errors.throwIfAny();
        java.net.URI uri = java.net.URI.create(url);
        boolean loopback = "localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
                || "[::1]".equals(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !loopback) {
            throw dev.signet.errors.InvalidInputException.of("url", "Fetch metadata over https (or paste it): over plain http"
                    + " anyone on the way could choose where assertions go.");
        }
        // Redirects are not followed: NORMAL would also follow https -> http.
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10)).followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        try {
            var response = client.send(java.net.http.HttpRequest.newBuilder(uri)
                            .timeout(java.time.Duration.ofSeconds(10)).header("Accept", "application/samlmetadata+xml, application/xml").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            try (var body = response.body()) {
                if (response.statusCode() != 200) {
                    throw dev.signet.errors.InvalidInputException.of("url", "The metadata address answered HTTP " + response.statusCode() + ".");
                }
                byte[] bytes = body.readNBytes(MAX_METADATA_BYTES + 1);
                if (bytes.length > MAX_METADATA_BYTES) {
                    throw dev.signet.errors.InvalidInputException.of("url", "The metadata is larger than 1 MiB.");
                }
                return bytes;
            }
        } catch (java.io.IOException e) {
            throw dev.signet.errors.InvalidInputException.of("url", "The metadata could not be downloaded: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw dev.signet.errors.InvalidInputException.of("url", "The download was interrupted.");
        }
    }

    public void delete(UUID applicationId, Origin origin) {
        db.transaction(h -> {
            Application app = applications.findById(h, applicationId).orElseThrow(() -> new NotFoundException("application"));
            if (!providers.delete(h, applicationId)) {
                throw new NotFoundException("SAML provider");
            }
            audit.record(h, origin, "saml.provider.deleted", Outcome.SUCCESS, null, null, Map.of("slug", app.slug()));
            return null;
        });
        forgetCached();
    }

    /**
     * A provider with every default and no SP yet; {@link #check} refuses it until entity ID and ACS are
     * set. Public so that the console's form for a new provider starts from the same values.
     */
    public SamlProvider defaults(UUID applicationId) {
        UUID keypair = keypairs.defaultKeypair().map(Keypair::id).orElse(null);
        Instant now = clock.instant();
        return new SamlProvider(applicationId, null, List.of(), SamlBinding.POST, null, keypair, null, true, true,
                SignatureAlgorithm.RSA_SHA256, DigestAlgorithm.SHA256, NameIdFormat.PERSISTENT, DEFAULT_NOT_BEFORE_SKEW,
                DEFAULT_ASSERTION_VALIDITY, DEFAULT_SESSION_VALIDITY, null, null, false, null, null, List.of(), null, now, now);
    }

    /**
     * Applies the given fields over {@code base}. Values that do not parse are left as in {@code base}
     * here and reported by {@link #check}, which sees the raw input too.
     */
    private SamlProvider merge(SamlProvider base, SamlProviderInput in, Instant createdAt, FieldErrors errors) {
        List<String> acs = new ArrayList<>(base.acsUrls());
        if (in.acsUrl() != null || in.additionalAcsUrls() != null) {
            String first = in.acsUrl() != null ? in.acsUrl().strip() : acs.isEmpty() ? "" : acs.get(0);
            List<String> rest = in.additionalAcsUrls() != null ? in.additionalAcsUrls()
                    : acs.size() > 1 ? acs.subList(1, acs.size()) : List.of();
            LinkedHashSet<String> all = new LinkedHashSet<>();
            all.add(first);
            rest.stream().filter(u -> u != null && !u.isBlank()).map(String::strip).forEach(all::add);
            acs = new ArrayList<>(all);
        }
        Instant now = clock.instant();
        return new SamlProvider(
                base.applicationId(),
                in.spEntityId() != null ? in.spEntityId().strip() : base.spEntityId(),
                List.copyOf(acs),
                in.acsBinding() != null ? SamlBinding.fromWire(in.acsBinding()).orElse(base.acsBinding()) : base.acsBinding(),
                in.issuer() != null ? Checks.blankToNull(in.issuer()) : base.issuer(),
                in.keypairId() != null ? in.keypairId() : base.keypairId(),
                in.nextKeypairId() != null ? nullIfZero(in.nextKeypairId()) : base.nextKeypairId(),
                in.signAssertion() != null ? in.signAssertion() : base.signAssertion(),
                in.signResponse() != null ? in.signResponse() : base.signResponse(),
                in.signatureAlgorithm() != null ? SignatureAlgorithm.fromWire(in.signatureAlgorithm()).orElse(base.signatureAlgorithm())
                        : base.signatureAlgorithm(),
                in.digestAlgorithm() != null ? DigestAlgorithm.fromWire(in.digestAlgorithm()).orElse(base.digestAlgorithm())
                        : base.digestAlgorithm(),
                in.nameIdFormat() != null ? NameIdFormat.fromWire(in.nameIdFormat()).orElse(base.nameIdFormat()) : base.nameIdFormat(),
                in.notBeforeSkewSeconds() != null ? in.notBeforeSkewSeconds() : base.notBeforeSkewSeconds(),
                in.assertionValiditySeconds() != null ? in.assertionValiditySeconds() : base.assertionValiditySeconds(),
                in.sessionValiditySeconds() != null ? in.sessionValiditySeconds() : base.sessionValiditySeconds(),
                in.defaultRelayState() != null ? Checks.blankToNull(in.defaultRelayState()) : base.defaultRelayState(),
                in.spCertificate() != null ? Checks.blankToNull(in.spCertificate()) : base.spCertificate(),
                in.requireSignedRequests() != null ? in.requireSignedRequests() : base.requireSignedRequests(),
                in.sloUrl() != null ? Checks.blankToNull(in.sloUrl()) : base.sloUrl(),
                in.sloBinding() != null ? SamlBinding.fromWire(in.sloBinding()).orElse(base.sloBinding()) : base.sloBinding(),
                in.propertyMappings() != null ? mappingIds(in.propertyMappings(), errors) : base.propertyMappingIds(),
                in.nameIdMapping() != null ? nameIdMappingId(in.nameIdMapping(), errors) : base.nameIdMappingId(),
                createdAt != null ? createdAt : now,
                now);
    }

    private static UUID nullIfZero(UUID id) {
        return CLEAR.equals(id) ? null : id;
    }

    /** The IDs of the named mappings (by ID or name), each once; unknown names are reported. */
    private List<UUID> mappingIds(List<String> references, FieldErrors errors) {
        if (references.size() > 100) {
            errors.add("propertyMappings", "At most 100 property mappings.");
            return List.of();
        }
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < references.size(); i++) {
            Optional<PropertyMapping> m = mappings.findByReference(references.get(i));
            if (m.isEmpty()) {
                errors.add("propertyMappings[" + i + "]", "No property mapping has the ID or name '" + Checks.shorten(references.get(i), 100) + "'.");
            } else {
                ids.add(m.get().id());
            }
        }
        return List.copyOf(ids);
    }

    private UUID nameIdMappingId(String reference, FieldErrors errors) {
        if (reference.isBlank()) {
            return null;
        }
        Optional<PropertyMapping> m = mappings.findByReference(reference);
        if (m.isEmpty()) {
            errors.add("nameIdMapping", "No property mapping has the ID or name '" + Checks.shorten(reference, 100) + "'.");
            return null;
        }
        return m.get().id();
    }

    /** Every problem with the merged provider, named after the API fields. */
    private FieldErrors check(SamlProvider p, SamlProviderInput in) {
        FieldErrors errors = new FieldErrors();
        if (p.spEntityId() == null || p.spEntityId().isBlank()) {
            errors.add("spEntityId", "The SP entity ID (audience) is required.");
        } else {
            Checks.text(errors, "spEntityId", p.spEntityId(), 1000, true);
        }
        if (p.acsUrls().isEmpty() || p.acsUrls().get(0).isBlank()) {
            errors.add("acsUrl", "The ACS URL is required.");
        } else {
            Checks.url(errors, "acsUrl", p.acsUrls().get(0), false);
            for (String url : p.acsUrls().subList(1, p.acsUrls().size())) {
                Checks.url(errors, "additionalAcsUrls", url, false);
            }
            if (p.acsUrls().size() > 20) {
                errors.add("additionalAcsUrls", "At most 20 ACS URLs.");
            }
        }
        enumField(errors, "acsBinding", in.acsBinding(), SamlBinding.fromWire(nz(in.acsBinding())).isPresent(), "'post' or 'redirect'");
        enumField(errors, "sloBinding", in.sloBinding(), SamlBinding.fromWire(nz(in.sloBinding())).isPresent(), "'post' or 'redirect'");
        enumField(errors, "nameIdFormat", in.nameIdFormat(), NameIdFormat.fromWire(nz(in.nameIdFormat())).isPresent(),
                "one of persistent, email, username, transient");
        if (in.digestAlgorithm() != null && DigestAlgorithm.fromWire(in.digestAlgorithm()).isEmpty()) {
            errors.add("digestAlgorithm", in.digestAlgorithm().toLowerCase(java.util.Locale.ROOT).contains("sha1")
                    ? "SHA-1 is not accepted: it is broken for signatures." : "Must be one of sha256, sha384, sha512.");
        }
        if (in.signatureAlgorithm() != null && SignatureAlgorithm.fromWire(in.signatureAlgorithm()).isEmpty()) {
            errors.add("signatureAlgorithm", in.signatureAlgorithm().toLowerCase(java.util.Locale.ROOT).contains("sha1")
                    ? "SHA-1 is not accepted: it is broken for signatures."
                    : "Must be one of rsa-sha256, rsa-sha384, rsa-sha512, ecdsa-sha256, ecdsa-sha384, ecdsa-sha512.");
        }
        if (p.issuer() != null) {
            Checks.text(errors, "issuer", p.issuer(), 1000, false);
            if (p.issuer().chars().anyMatch(Character::isWhitespace)) {
                errors.add("issuer", "The issuer must not contain spaces.");
            }
        }
        checkKeypairs(errors, p);
        if (!p.signAssertion() && !p.signResponse()) {
            errors.add("signAssertion", "Sign the assertion, the response, or both: no SP accepts an unsigned response.");
        }
        range(errors, "notBeforeSkewSeconds", p.notBeforeSkewSeconds(), 0, 600);
        range(errors, "assertionValiditySeconds", p.assertionValiditySeconds(), 30, 3600);
        range(errors, "sessionValiditySeconds", p.sessionValiditySeconds(), 60, 7 * 24 * 3600);
        if (p.defaultRelayState() != null && p.defaultRelayState().getBytes(StandardCharsets.UTF_8).length > MAX_RELAY_STATE_BYTES) {
            errors.add("defaultRelayState", "RelayState is limited to 80 bytes by the SAML bindings.");
        }
        if (p.spCertificate() != null) {
            try {
                Certificates.parseCertificates(p.spCertificate());
            } catch (IllegalArgumentException e) {
                errors.add("spCertificate", e.getMessage());
            }
        }
        if (p.requireSignedRequests() && p.spCertificate() == null) {
            errors.add("requireSignedRequests", "Signed requests can only be required with the SP's certificate (spCertificate).");
        }
        Checks.url(errors, "sloUrl", p.sloUrl(), false);
        return errors;
    }

    private void checkKeypairs(FieldErrors errors, SamlProvider p) {
        if (p.keypairId() == null) {
            errors.add("keypairId", "Choose a signing keypair: none exists yet.");
            return;
        }
        Optional<Keypair> active = keypairs.find(p.keypairId());
        if (active.isEmpty()) {
            errors.add("keypairId", "No keypair has the ID " + p.keypairId() + ".");
        } else if (!active.get().keyType().algorithm().equals(p.signatureAlgorithm().keyAlgorithm())) {
            errors.add("signatureAlgorithm", "The keypair is " + active.get().keyType().wire() + "; choose a "
                    + ("RSA".equals(active.get().keyType().algorithm()) ? "rsa-" : "ecdsa-") + "algorithm.");
        }
        if (p.nextKeypairId() != null) {
            Optional<Keypair> next = keypairs.find(p.nextKeypairId());
            if (next.isEmpty()) {
                errors.add("nextKeypairId", "No keypair has the ID " + p.nextKeypairId() + ".");
            } else if (p.nextKeypairId().equals(p.keypairId())) {
                errors.add("nextKeypairId", "The next keypair must differ from the active one.");
            }
        }
    }

    private static void enumField(FieldErrors errors, String field, String given, boolean valid, String expected) {
        if (given != null && !valid) {
            errors.add(field, "Must be " + expected + ".");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void range(FieldErrors errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add(field, "Must be from " + min + " to " + max + ".");
        }
    }
}
