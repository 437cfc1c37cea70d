package dev.signet.aws.preflight;

import java.util.List;
import java.util.Optional;

/** Every AWS rule with its outcome, in a fixed order (the order of {@link Rule}). */
public record PreflightReport(List<RuleResult> results) {
    public PreflightReport {
        results = List.copyOf(results);
    }

    /** True when no rule fails; warnings do not stop a sign-in. */
    public boolean passed() {
        return worst() != Status.FAIL;
    }

    /** The results that do not pass (the save-time checks show only these). */
    public List<RuleResult> problems() {
        return results.stream().filter(r -> r.status() != Status.PASS).toList();
    }

    public Status worst() {
        return results.stream().map(RuleResult::status).reduce(Status.PASS, Status::worse);
    }

    /** The result of the rule with that ID, if the report has it. */
    public Optional<RuleResult> result(String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
