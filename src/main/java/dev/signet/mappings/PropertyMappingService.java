package dev.signet.mappings;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.errors.Checks;
import dev.signet.errors.ConflictException;
import dev.signet.errors.FieldErrors;
import dev.signet.errors.NotFoundException;
import dev.signet.mappings.AttributeStatement.MappedAttribute;
import dev.signet.mappings.MappingExpressions.InvalidExpression;
import dev.signet.storage.Database;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import dev.signet.storage.PropertyMappingRepository;
import dev.signet.storage.ReadThroughCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property mappings: the shipped ones kept current, the administrator's checked on save (the
 * expression must compile and type-check), and evaluation into attribute values at sign-in.
 */
public final class PropertyMappingService {
    private static final Logger log = LoggerFactory.getLogger(PropertyMappingService.class);
    /** How long a mapping read for sign-in is reused; a change on this node applies at once. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static final int MAX_NAME = 200;
    private static final int MAX_SAML_NAME = 1000;
    private static final int MAX_DESCRIPTION = 2000;

    private final Database db;
    private final PropertyMappingRepository mappings;
    private final MappingExpressions expressions;
    private final AuditLog audit;
    private final Clock clock;
    private final ReadThroughCache<UUID, PropertyMapping> byId = new ReadThroughCache<>(CACHE_TTL, 10_000, true);
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public PropertyMappingService(Database db, PropertyMappingRepository mappings, MappingExpressions expressions, AuditLog audit,
                                  Clock clock) {
        this.db = db;
        this.mappings = mappings;
        this.expressions = expressions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Called after any mapping changes (providers cache what they send). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    // ---- Built-in mappings ----------------------------------------------------------------------

    /** Creates the shipped mappings, or brings them up to date; safe when several nodes start together. */
    public void ensureBuiltIns() {
        Instant now = clock.instant();
        db.transaction(h -> {
            for (BuiltInMappings.Definition d : BuiltInMappings.ALL) {
                expressions.compile(d.expression());
                Optional<PropertyMapping> current = mappings.findBuiltIn(h, d.key());
                PropertyMapping wanted = new PropertyMapping(current.map(PropertyMapping::id).orElse(UUID.randomUUID()), d.key(),
                        d.key(), d.samlName(), d.friendlyName(), d.format(), d.expression(), d.description(),
                        current.map(PropertyMapping::createdAt).orElse(now), now);
                if (current.isEmpty()) {
                    if (!mappings.insertBuiltInIfAbsent(h, wanted) && mappings.findBuiltIn(h, d.key()).isEmpty()) {
                        log.warn("built-in property mapping '{}' not created: a mapping of that name exists", d.key());
                    }
                } else if (!sameDefinition(current.get(), wanted)) {
                    mappings.update(h, wanted);
                }
            }
            return null;
        });
    }

    private static boolean sameDefinition(PropertyMapping a, PropertyMapping b) {
        return a.name().equals(b.name()) && a.samlName().equals(b.samlName())
                && Objects.equals(a.friendlyName(), b.friendlyName()) && a.nameFormat() == b.nameFormat()
                && a.expression().equals(b.expression()) && Objects.equals(a.description(), b.description());
    }

    // ---- Administration -------------------------------------------------------------------------

    public Page<PropertyMapping> list(PageRequest page) {
        return db.read(h -> mappings.list(h, page));
    }

    public PropertyMapping get(UUID id) {
        return db.read(h -> mappings.find(h, id)).orElseThrow(() -> new NotFoundException("property mapping"));
    }

    /** The mapping with that ID or name (names are unique, ignoring case). */
    public Optional<PropertyMapping> findByReference(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        Optional<UUID> id = parseUuid(reference);
        return db.read(h -> id.isPresent() ? mappings.find(h, id.get()) : mappings.findByName(h, reference.trim()));
    }

    /** A shipped mapping by its key (not by name: an administrator's mapping can never stand in for it). */
    public PropertyMapping builtIn(String key) {
        return db.read(h -> mappings.findBuiltIn(h, key))
                .orElseThrow(() -> new IllegalStateException("built-in property mapping '" + key + "' is missing"));
    }

    public List<String> slugsUsing(UUID id) {
        return db.read(h -> mappings.slugsUsing(h, id));
    }

    public PropertyMapping create(PropertyMappingInput in, Origin origin) {
        Instant now = clock.instant();
        PropertyMapping m = new PropertyMapping(UUID.randomUUID(), null, trim(in.name()), trim(in.samlName()),
                Checks.blankToNull(in.friendlyName()), format(in), in.expression(), Checks.blankToNull(in.description()), now, now);
        check(m, in).throwIfAny();
        db.transaction(h -> {
            if (mappings.findByName(h, m.name()).isPresent()) {
                throw new ConflictException("name", "A property mapping named '" + m.name() + "' exists.");
            }
            mappings.insert(h, m);
            audit.record(h, origin, "mapping.created", Outcome.SUCCESS, null, null, Map.of("mapping", m.name()));
            return null;
        });
        changed();
        return m;
    }

    /** Changes the given fields (null keeps one); built-in mappings cannot change. */
    public PropertyMapping update(UUID id, PropertyMappingInput in, Origin origin) {
        PropertyMapping current = get(id);
        if (current.builtIn()) {
            throw new ConflictException("builtIn", "Built-in mappings cannot be changed; create your own mapping instead.");
        }
        PropertyMapping m = new PropertyMapping(id, null,
                in.name() != null ? trim(in.name()) : current.name(),
                in.samlName() != null ? trim(in.samlName()) : current.samlName(),
                in.friendlyName() != null ? Checks.blankToNull(in.friendlyName()) : current.friendlyName(),
                nameFormat(in, current),
                in.expression() != null ? in.expression() : current.expression(),
                in.description() != null ? Checks.blankToNull(in.description()) : current.description(),
                current.createdAt(), clock.instant());
        check(m, in).throwIfAny();
        db.transaction(h -> {
            Optional<PropertyMapping> sameName = mappings.findByName(h, m.name());
            if (sameName.isPresent() && !sameName.get().id().equals(id)) {
                throw new ConflictException("name", "A property mapping named '" + m.name() + "' exists.");
            }
            mappings.update(h, m);
            audit.record(h, origin, "mapping.updated", Outcome.SUCCESS, null, null, Map.of("mapping", m.name()));
            return null;
        });
        changed();
        return m;
    }

    /** Deletes a mapping no provider uses; built-in ones stay. */
    public void delete(UUID id, Origin origin) {
        PropertyMapping current = get(id);
        if (current.builtIn()) {
            throw new ConflictException("builtIn", "Built-in mappings cannot be deleted.");
        }
        db.transaction(h -> {
            List<String> users = mappings.slugsUsing(h, id);
            if (!users.isEmpty()) {
                throw new ConflictException("id", "The mapping is used by the application(s) " + String.join(", ", users)
                        + "; remove it from their SAML providers first.");
            }
            mappings.delete(h, id);
            audit.record(h, origin, "mapping.deleted", Outcome.SUCCESS, null, null, Map.of("mapping", current.name()));
            return null;
        });
        changed();
    }

    /** Checks an expression without saving anything: null when it is fine, else the message. */
    public String checkExpression(String expression) {
        try {
            expressions.check(expression);
            return null;
        } catch (InvalidExpression e) {
            return e.getMessage();
        }
    }

    private FieldErrors check(PropertyMapping m, PropertyMappingInput in) {
        FieldErrors errors = new FieldErrors();
        if (m.name() == null || m.name().isEmpty()) {
            errors.add("name", "A name is required.");
        } else if (m.name().length() > MAX_NAME || hasControlCharacters(m.name())) {
            errors.add("name", "At most " + MAX_NAME + " characters, without control characters.");
        } else if (parseUuid(m.name()).isPresent()) {
            errors.add("name", "A name cannot look like an ID.");
        }
        if (m.samlName() == null || m.samlName().isEmpty()) {
            errors.add("samlName", "The SAML attribute name is required.");
        } else if (m.samlName().length() > MAX_SAML_NAME || hasControlCharacters(m.samlName())) {
            errors.add("samlName", "At most " + MAX_SAML_NAME + " characters, without control characters.");
        }
        if (m.friendlyName() != null && (m.friendlyName().length() > MAX_NAME || hasControlCharacters(m.friendlyName()))) {
            errors.add("friendlyName", "At most " + MAX_NAME + " characters, without control characters.");
        }
        if (m.nameFormat() == null) {
            errors.add("nameFormat", "One of uri, basic, unspecified.");
        }
        if (m.description() != null && m.description().length() > MAX_DESCRIPTION) {
            errors.add("description", "At most " + MAX_DESCRIPTION + " characters.");
        }
        if (m.expression() == null || m.expression().isBlank()) {
            errors.add("expression", "An expression is required.");
        } else {
            String problem = checkExpression(m.expression());
            if (problem != null) {
                errors.add("expression", problem);
            }
        }
        return errors;
    }

    /** On a change: the given format; guessed from the (new) SAML name when blank; else the current one. */
    private static AttributeNameFormat nameFormat(PropertyMappingInput in, PropertyMapping current) {
        if (in.nameFormat() == null && in.samlName() == null) {
            return current.nameFormat();
        }
        if (in.nameFormat() == null || in.nameFormat().isBlank()) {
            return AttributeNameFormat.guess(in.samlName() != null ? in.samlName().trim() : current.samlName());
        }
        return AttributeNameFormat.fromWire(in.nameFormat()).orElse(null);
    }

    private static AttributeNameFormat format(PropertyMappingInput in) {
        if (in.nameFormat() == null || in.nameFormat().isBlank()) {
            return in.samlName() == null ? AttributeNameFormat.BASIC : AttributeNameFormat.guess(in.samlName().trim());
        }
        return AttributeNameFormat.fromWire(in.nameFormat()).orElse(null);
    }

    // ---- Evaluation -----------------------------------------------------------------------------

    /** The mappings with these IDs, for sign-in: cached for {@link #CACHE_TTL}. A missing one is skipped. */
    public List<PropertyMapping> forSignIn(List<UUID> ids) {
        List<PropertyMapping> out = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            cached(id).ifPresent(out::add);
        }
        return out;
    }

    public Optional<PropertyMapping> cached(UUID id) {
        return byId.get(id, key -> db.read(h -> mappings.find(h, key)));
    }

    /** The values of one mapping for the context; throws {@link MappingFailed} naming the mapping. */
    public List<String> evaluate(PropertyMapping m, MappingContext context) {
        return AttributeStatement.evaluate(expressions, m, context);
    }

    /** The attribute statement of the mappings, in order; see {@link AttributeStatement}. */
    public List<MappedAttribute> statement(List<PropertyMapping> sent, MappingContext context) {
        return AttributeStatement.build(expressions, sent, context);
    }

    private void changed() {
        byId.forgetAll();
        changeListeners.forEach(Runnable::run);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static boolean hasControlCharacters(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    static Optional<UUID> parseUuid(String s) {
        try {
            return s.length() == 36 ? Optional.of(UUID.fromString(s)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
