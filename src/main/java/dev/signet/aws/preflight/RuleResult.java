package dev.signet.aws.preflight;

/**
 * The outcome of one AWS rule: {@code detail} says what the response holds (values shortened, never
 * key material), {@code fix} what to change in Signet; the fix is empty when the rule passes.
 */
public record RuleResult(String id, String title, Status status, String detail, String fix) {
}
