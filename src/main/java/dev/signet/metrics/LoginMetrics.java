package dev.signet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** signet_logins_total by outcome; the three counters are registered once, so counting is one increment. */
public final class LoginMetrics {
    static final String NAME = "signet.logins";

    private final Counter success;
    private final Counter failure;
    private final Counter throttled;

    public LoginMetrics(MeterRegistry registry) {
        success = counter(registry, "success");
        failure = counter(registry, "failure");
        throttled = counter(registry, "throttled");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(NAME).description("Password sign-in attempts by outcome").tag("outcome", outcome).register(registry);
    }

    public void success() {
        success.increment();
    }

    /** Wrong or missing credentials, or an account that may not sign in. */
    public void failure() {
        failure.increment();
    }

    /** Refused without checking the password: too many recent failures. */
    public void throttled() {
        throttled.increment();
    }
}
