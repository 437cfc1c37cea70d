package dev.signet.awsemulator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Assertion IDs the console has seen, kept until the assertion could no longer be used anyway. A response
 * listing several roles may be posted once more, with the chosen role, from the role picker.
 */
final class ReplayCache {
    private enum State { AWAITING_ROLE_CHOICE, USED }

    private record Seen(State state, Instant until) {
    }

    private final Clock clock;
    private final Map<String, Seen> seen = new HashMap<>();

    ReplayCache(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a use of the assertion; throws when it was used before. {@code choosingRole}: this post
     * picks a role from the picker; {@code willPickRole}: this post shows the picker.
     */
    synchronized void use(String assertionId, Instant until, boolean choosingRole, boolean willPickRole) {
        purge();
        Seen before = seen.get(assertionId);
        boolean allowed = before == null || (choosingRole && before.state() == State.AWAITING_ROLE_CHOICE);
        if (!allowed) {
            throw AwsError.INVALID_IDENTITY_TOKEN.with("Invalid SAML response",
                    "assertion " + assertionId + " was already used (replay)");
        }
        seen.put(assertionId, new Seen(willPickRole ? State.AWAITING_ROLE_CHOICE : State.USED, until));
    }

    synchronized void reset() {
        seen.clear();
    }

    private void purge() {
        Instant now = clock.instant();
        seen.values().removeIf(s -> s.until().isBefore(now));
    }
}
