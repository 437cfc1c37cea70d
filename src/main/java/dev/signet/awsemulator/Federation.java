package dev.signet.awsemulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed SAML response into roles a person may assume: checks it against the IAM SAML provider
 * each Role value names, then the role and its trust policy. Shared by the console and STS.
 */
final class Federation {
    static final String NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithSAML";

    private final IamState iam;
    private final SamlResponseCheck check;
    private final Clock clock;

    Federation(IamState iam, SamlResponseCheck check, Clock clock) {
        this.iam = iam;
        this.check = check;
        this.clock = clock;
    }

    /** An assertion checked against a provider, with one role it may assume. */
    record Grant(CheckedAssertion assertion, IamRole role) {
        /** Seconds left before AuthnStatement/@SessionNotOnOrAfter (rule 10), or null when unbounded. */
        Long secondsUntilSessionEnd(Instant now) {
            Instant end = assertion.sessionNotOnOrAfter();
            return end == null ? null : Math.max(0, Duration.between(now, end).getSeconds());
        }
    }

    /** STS: the role {@code roleArn} through the provider {@code principalArn}, which must be a Role value of the assertion. */
    Grant assume(ParsedResponse parsed, String roleArn, String principalArn) {
        SamlProviderEntry provider = iam.samlProvider(principalArn).orElseThrow(() -> noSuchProvider(principalArn));
        CheckedAssertion assertion = check.check(parsed, provider, clock.instant());
        RolePair pair = assertion.roles().stream().filter(p -> p.role().toString().equals(roleArn.trim())).findFirst()
                .orElseThrow(() -> AwsError.ACCESS_DENIED.with(NOT_AUTHORIZED,
                        "the assertion has no Role value pairing " + roleArn + " with " + principalArn));
        return authorize(assertion, pair);
    }

    /**
     * Console: every Role value that can be assumed, in the assertion's order. When none can, throws
     * the first reason (so a response with one Role value fails exactly as STS would).
     */
    List<Grant> grants(ParsedResponse parsed) {
        Instant now = clock.instant();
        // Each provider is checked once; its verdict (assertion or refusal) holds for all its Role values.
        Map<IamArn, Verdict> verdicts = new LinkedHashMap<>();
        AwsException firstFailure = null;
        List<Grant> grants = new ArrayList<>();
        for (RolePair pair : parsed.roles()) {
            try {
                Verdict verdict = verdicts.computeIfAbsent(pair.provider(), arn -> checkAgainst(parsed, arn, now));
                grants.add(authorize(verdict.assertionOrThrow(), pair));
            } catch (AwsException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (grants.isEmpty()) {
            throw firstFailure;
        }
        return grants;
    }

    /** The assertion as checked against one provider, or why that failed. */
    private record Verdict(CheckedAssertion assertion, AwsException refusal) {
        CheckedAssertion assertionOrThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return assertion;
        }
    }

    private Verdict checkAgainst(ParsedResponse parsed, IamArn providerArn, Instant now) {
        try {
            SamlProviderEntry provider = iam.samlProvider(providerArn.toString()).orElseThrow(() -> noSuchProvider(providerArn.toString()));
            return new Verdict(check.check(parsed, provider, now), null);
        } catch (AwsException e) {
            return new Verdict(null, e);
        }
    }

    private Grant authorize(CheckedAssertion assertion, RolePair pair) {
        if (!pair.role().account().equals(pair.provider().account())) {
            throw AwsError.ACCESS_DENIED.with(NOT_AUTHORIZED, "role " + pair.role() + " and provider " + pair.provider()
                    + " are in different accounts");
        }
        IamRole role = iam.role(pair.role().toString()).orElseThrow(() -> AwsError.ACCESS_DENIED.with(NOT_AUTHORIZED,
                "no role " + pair.role() + " exists"));
        Map<String, String> context = assertion.trustPolicyContext();
        for (String action : assertion.requiredActions()) {
            if (!TrustPolicy.allows(role.trustPolicy(), pair.provider().toString(), action, context)) {
                throw AwsError.ACCESS_DENIED.with(NOT_AUTHORIZED,
                        "the trust policy of " + role.arn() + " does not allow " + action + " for " + pair.provider()
                                + " with context " + context);
            }
        }
        return new Grant(assertion, role);
    }

    private static AwsException noSuchProvider(String arn) {
        return AwsError.ACCESS_DENIED.with("Specified provider doesn't exist", "no IAM SAML provider " + arn);
    }
}
