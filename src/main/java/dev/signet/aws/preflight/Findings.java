package dev.signet.aws.preflight;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What one rule found, problem by problem; the rule's status is its worst problem. */
final class Findings {
    private static final int SHOWN_CHARACTERS = 120;

    private final Rule rule;
    private Status status = Status.PASS;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> fixes = new LinkedHashSet<>();

    Findings(Rule rule) {
        this.rule = rule;
    }

    Findings fail(String detail, String fix) {
        return add(Status.FAIL, detail, fix);
    }

    Findings warn(String detail, String fix) {
        return add(Status.WARNING, detail, fix);
    }

    /** For what AWS does not document: a failure in strict mode, a warning otherwise. */
    Findings unconfirmed(boolean strict, String detail, String fix) {
        return add(strict ? Status.FAIL : Status.WARNING, detail + " (AWS does not document whether it accepts this)", fix);
    }

    Findings add(Status s, String detail, String fix) {
        status = status.worse(s);
        problems.add(detail);
        fixes.add(fix);
        return this;
    }

    boolean hasFailure() {
        return status == Status.FAIL;
    }

    /** The result; {@code passDetail} describes what was found when nothing is wrong. */
    RuleResult result(String passDetail) {
        if (problems.isEmpty()) {
            return rule.pass(passDetail);
        }
        return new RuleResult(rule.id(), rule.title(), status, String.join(" ", problems), String.join(" ", fixes));
    }

    /** A value as shown in a detail: quoted, and shortened when long. */
    static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        String v = value.length() > SHOWN_CHARACTERS ? value.substring(0, SHOWN_CHARACTERS) + "…" : value;
        return "\"" + v + "\"";
    }
}
