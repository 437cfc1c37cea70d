package dev.signet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * signet_sso_responses_total by application (slug) and outcome. The counters of an application are
 * registered together on its first response and then found with one map lookup.
 */
public final class SsoMetrics {
    static final String NAME = "signet.sso.responses";
    /**
     * The label of requests for a slug no application has: slugs never contain '_', and one label for
     * all of them keeps anyone from adding series by inventing slugs.
     */
    public static final String UNKNOWN_APPLICATION = "_unknown";

    /** What the request came to. */
    public enum Outcome {
        /** A Response with an assertion went to the SP. */
        SUCCESS,
        /** A SAML error status (e.g. RequestDenied) went to the SP. */
        REJECTED,
        /** The user got an error page; nothing went to the SP. */
        REFUSED;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter[]> byApplication = new ConcurrentHashMap<>();

    public SsoMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one response for the application; {@code slug} must be one that exists, or {@link #UNKNOWN_APPLICATION}. */
    public void count(String slug, Outcome outcome) {
        byApplication.computeIfAbsent(slug, this::register)[outcome.ordinal()].increment();
    }

    private Counter[] register(String slug) {
        Outcome[] outcomes = Outcome.values();
        Counter[] counters = new Counter[outcomes.length];
        for (Outcome o : outcomes) {
            counters[o.ordinal()] = Counter.builder(NAME).description("SAML SSO answers by application and outcome")
                    .tag("application", slug).tag("outcome", o.label).register(registry);
        }
        return counters;
    }
}
