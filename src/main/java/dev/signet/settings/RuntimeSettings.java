package dev.signet.settings;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.config.SignetConfig;
import dev.signet.errors.FieldErrors;
import dev.signet.storage.Database;
import dev.signet.storage.RuntimeSettingRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The effective value of each {@link RuntimeSetting}: the administrator's override stored in the
 * database when there is one, else the configured value (config file, environment or built-in
 * default). Every node shares the database; each keeps the overrides for at most {@link #STALENESS},
 * so a change made on one node applies there at once and on the others within that time.
 */
public final class RuntimeSettings {
    /** How long a node may use overrides it read before reading them again. */
    public static final Duration STALENESS = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RuntimeSettings.class);

    private final Database db;
    private final RuntimeSettingRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final SignetConfig config;
    /** The configured public URL; known only once the server has its port when none is configured. */
    private final Supplier<String> configuredPublicUrl;
    private volatile Overrides overrides;
    /** Bumped by every change on this node, so that a read begun before it cannot install the old values. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public RuntimeSettings(Database db, RuntimeSettingRepository repository, AuditLog audit, Clock clock, SignetConfig config,
                           Supplier<String> configuredPublicUrl) {
        this.db = db;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.configuredPublicUrl = configuredPublicUrl;
    }

    public String publicUrl() {
        return (String) value(RuntimeSetting.PUBLIC_URL);
    }

    public Duration sessionIdleTimeout() {
        return (Duration) value(RuntimeSetting.SESSION_IDLE_TIMEOUT);
    }

    public Duration sessionAbsoluteLifetime() {
        return (Duration) value(RuntimeSetting.SESSION_ABSOLUTE_LIFETIME);
    }

    public int passwordMinLength() {
        return (Integer) value(RuntimeSetting.PASSWORD_MIN_LENGTH);
    }

    public int passwordMaxLength() {
        return (Integer) value(RuntimeSetting.PASSWORD_MAX_LENGTH);
    }

    public int throttleMaxFailures() {
        return (Integer) value(RuntimeSetting.THROTTLE_MAX_FAILURES);
    }

    public Duration throttleWindow() {
        return (Duration) value(RuntimeSetting.THROTTLE_WINDOW);
    }

    /** Every runtime setting with its value and where that comes from, for the settings page. */
    public List<Current> all() {
        Map<RuntimeSetting, Object> stored = overrides().values();
        return java.util.Arrays.stream(RuntimeSetting.values()).map(s -> {
            Object configured = configured(s);
            Object value = stored.getOrDefault(s, configured);
            Source source = stored.containsKey(s) ? Source.CONSOLE : configuredSource(s);
            return new Current(s, s.text(value), source, s.text(configured));
        }).toList();
    }

    /**
     * Sets the submitted values (setting -> text as typed). Every value is checked first; when any is
     * refused, nothing is stored. A value equal to the configured one removes the override. Returns
     * the settings that changed, recorded as one "settings.updated" event.
     */
    public List<RuntimeSetting> update(Map<RuntimeSetting, String> submitted, Origin origin) {
        FieldErrors errors = new FieldErrors();
        Map<RuntimeSetting, Object> current = effective();
        Map<RuntimeSetting, Object> next = new EnumMap<>(current);
        boolean refused = false;
        for (Map.Entry<RuntimeSetting, String> e : submitted.entrySet()) {
            FieldErrors own = new FieldErrors();
            Object parsed = e.getKey().parse(e.getValue(), own);
            if (parsed == null) {
                errors.addAll(own);
                refused = true;
            } else {
                next.put(e.getKey(), parsed);
            }
        }
        if (!refused) {
            checkPasswordLengths(next, submitted, errors);
        }
        errors.throwIfAny();
        Map<RuntimeSetting, Object> changed = new EnumMap<>(RuntimeSetting.class);
        next.forEach((s, v) -> {
            if (!v.equals(current.get(s))) {
                changed.put(s, v);
            }
        });
        if (changed.isEmpty()) {
            return List.of();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        db.transaction(h -> {
            Instant now = clock.instant();
            changed.forEach((s, v) -> {
                if (v.equals(configured(s))) {
                    repository.delete(h, s.key());
                } else {
                    repository.put(h, s.key(), s.text(v), now, origin.actorUsername());
                }
                detail.put(s.key(), s.text(current.get(s)) + " → " + s.text(v));
            });
            audit.record(h, origin, "settings.updated", Outcome.SUCCESS, null, null, detail);
            return null;
        });
        changes.incrementAndGet();
        overrides = null;
        return List.copyOf(changed.keySet());
    }

    /**
     * Removes the console's override so the configured value applies again. Refused, with nothing
     * changed, when the configured value would contradict another effective setting (a minimum above the maximum).
     */
    public void reset(RuntimeSetting s, Origin origin) {
        Map<RuntimeSetting, Object> stored = overrides().values();
        if (!stored.containsKey(s)) {
            return;
        }
        Map<RuntimeSetting, Object> next = new EnumMap<>(effective());
        next.put(s, configured(s));
        FieldErrors errors = new FieldErrors();
        checkPasswordLengths(next, Map.of(s, ""), errors);
        errors.throwIfAny();
        db.transaction(h -> {
            repository.delete(h, s.key());
            audit.record(h, origin, "settings.updated", Outcome.SUCCESS, null, null,
                    Map.of(s.key(), s.text(stored.get(s)) + " → " + s.text(configured(s)) + " (reset to configured value)"));
            return null;
        });
        changes.incrementAndGet();
        overrides = null;
    }

    /** The minimum may not exceed the maximum; the message goes to the field that was changed. */
    private static void checkPasswordLengths(Map<RuntimeSetting, Object> next, Map<RuntimeSetting, String> submitted, FieldErrors errors) {
        int min = (Integer) next.get(RuntimeSetting.PASSWORD_MIN_LENGTH);
        int max = (Integer) next.get(RuntimeSetting.PASSWORD_MAX_LENGTH);
        if (min <= max) {
            return;
        }
        if (submitted.containsKey(RuntimeSetting.PASSWORD_MAX_LENGTH)) {
            errors.add(RuntimeSetting.PASSWORD_MAX_LENGTH.field(), "Maximum password length must not be below the minimum (" + min + ").");
        } else {
            errors.add(RuntimeSetting.PASSWORD_MIN_LENGTH.field(), "Minimum password length must not be above the maximum (" + max + ").");
        }
    }

    private Object value(RuntimeSetting s) {
        Object stored = overrides().values().get(s);
        return stored != null ? stored : configured(s);
    }

    private Map<RuntimeSetting, Object> effective() {
        Map<RuntimeSetting, Object> out = new EnumMap<>(RuntimeSetting.class);
        for (RuntimeSetting s : RuntimeSetting.values()) {
            out.put(s, value(s));
        }
        return out;
    }

    private Object configured(RuntimeSetting s) {
        return switch (s) {
            case PUBLIC_URL -> configuredPublicUrl.get();
            case SESSION_IDLE_TIMEOUT -> config.sessionIdleTimeout();
            case SESSION_ABSOLUTE_LIFETIME -> config.sessionAbsoluteLifetime();
            case PASSWORD_MIN_LENGTH -> config.password().minLength();
            case PASSWORD_MAX_LENGTH -> config.password().maxLength();
            case THROTTLE_MAX_FAILURES -> config.throttleMaxFailures();
            case THROTTLE_WINDOW -> config.throttleWindow();
        };
    }

    /** "default" when the configured value is the built-in one (an explicit key with the default value reads the same). */
    private Source configuredSource(RuntimeSetting s) {
        if (s == RuntimeSetting.PUBLIC_URL) {
            return config.publicUrl().isEmpty() ? Source.DEFAULT : Source.CONFIG;
        }
        return Objects.equals(s.builtInDefault(), configured(s)) ? Source.DEFAULT : Source.CONFIG;
    }

    /** The overrides, read again once they are {@link #STALENESS} old (or the clock went back). */
    private Overrides overrides() {
        Overrides o = overrides;
        Instant now = clock.instant();
        if (o != null && !now.isBefore(o.readAt()) && now.isBefore(o.readAt().plus(STALENESS))) {
            return o;
        }
        long seen = changes.get();
        try {
            o = new Overrides(read(), now);
        } catch (RuntimeException e) {
            if (o == null) {
                throw e;
            }
            // The database is away: keep the last values rather than fail every request that needs one.
            log.warn("runtime settings not re-read, using those read at {}: {}", o.readAt(), e.toString());
            return o;
        }
        if (changes.get() == seen) {
            overrides = o;
        }
        return o;
    }

    private Map<RuntimeSetting, Object> read() {
        Map<RuntimeSetting, Object> out = new EnumMap<>(RuntimeSetting.class);
        db.read(repository::all).forEach((key, text) -> {
            RuntimeSetting s = RuntimeSetting.byKey(key);
            Object v = s == null ? null : s.parse(text, new FieldErrors());
            if (v == null) {
                log.warn("ignoring stored runtime setting {}: not a valid value", key);
            } else {
                out.put(s, v);
            }
        });
        return out;
    }

    /** One setting as the settings page shows it. */
    public record Current(RuntimeSetting setting, String value, Source source, String configuredValue) {
        public boolean overridden() {
            return source == Source.CONSOLE;
        }
    }

    private record Overrides(Map<RuntimeSetting, Object> values, Instant readAt) {
    }
}
