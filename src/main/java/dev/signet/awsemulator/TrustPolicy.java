package dev.signet.awsemulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small evaluator of role trust policies, enough for SAML federation: Allow and Deny statements (Deny
 * wins), Principal {@code Federated} or {@code "*"}, Action/NotAction with wildcards, and the String*
 * condition operators (with ForAnyValue:/ForAllValues: prefixes and the IfExists suffix) over
 * case-insensitive context keys. Unknown condition operators never match.
 */
final class TrustPolicy {
    private TrustPolicy() {
    }

    /** The shape IAM insists on when a role is created. */
    static void checkWellFormed(JsonNode policy) {
        if (policy == null || !policy.isObject()) {
            throw AwsError.MALFORMED_POLICY_DOCUMENT.with("The policy document is not a JSON object.");
        }
        List<JsonNode> statements = statements(policy);
        if (statements.isEmpty()) {
            throw AwsError.MALFORMED_POLICY_DOCUMENT.with("Syntax errors in policy: it has no Statement.");
        }
        for (JsonNode s : statements) {
            String effect = s.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw AwsError.MALFORMED_POLICY_DOCUMENT.with("Every statement needs an Effect of Allow or Deny.");
            }
            if (!s.has("Principal")) {
                throw AwsError.MALFORMED_POLICY_DOCUMENT.with("Missing required field Principal.");
            }
            if (!s.has("Action") && !s.has("NotAction")) {
                throw AwsError.MALFORMED_POLICY_DOCUMENT.with("Missing required field Action.");
            }
        }
    }

    /**
     * Whether {@code policy} lets the SAML provider {@code federatedPrincipal} perform {@code action};
     * {@code context} maps lower-case condition keys (such as {@code saml:aud}) to their value.
     */
    static boolean allows(JsonNode policy, String federatedPrincipal, String action, Map<String, String> context) {
        boolean allowed = false;
        for (JsonNode s : statements(policy)) {
            if (!principalMatches(s.path("Principal"), federatedPrincipal) || !actionMatches(s, action)
                    || !conditionsHold(s.path("Condition"), context)) {
                continue;
            }
            if (s.path("Effect").asText().equals("Deny")) {
                return false;
            }
            allowed |= s.path("Effect").asText().equals("Allow");
        }
        return allowed;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        return values(policy.path("Statement"));
    }

    private static boolean principalMatches(JsonNode principal, String federated) {
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        for (JsonNode p : values(principal.path("Federated"))) {
            if (p.asText().equals(federated) || p.asText().equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean actionMatches(JsonNode statement, String action) {
        boolean negated = !statement.has("Action");
        boolean listed = false;
        for (JsonNode a : values(negated ? statement.path("NotAction") : statement.path("Action"))) {
            listed |= glob(a.asText(), true).matcher(action).matches();
        }
        return listed != negated;
    }

    /** Every operator and every key must hold; any of a key's listed values may match. */
    private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        if (condition.isMissingNode() || condition.isNull()) {
            return true;
        }
        for (Map.Entry<String, JsonNode> operator : condition.properties()) {
            for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                String actual = context.get(key.getKey().toLowerCase(Locale.ROOT));
                if (!holds(operator.getKey(), actual, values(key.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operator, String actual, List<JsonNode> expected) {
        String op = operator;
        // The context keys of SAML federation hold one value each, where ForAnyValue/ForAllValues act like the bare operator.
        if (op.startsWith("ForAnyValue:")) {
            op = op.substring("ForAnyValue:".length());
        } else if (op.startsWith("ForAllValues:")) {
            op = op.substring("ForAllValues:".length());
        }
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) {
            op = op.substring(0, op.length() - "IfExists".length());
            if (actual == null) {
                return true;
            }
        }
        boolean negated = op.startsWith("StringNot");
        if (actual == null) {
            // IAM: a negated operator holds when the key is absent from the request; the others do not.
            return negated;
        }
        boolean anyMatches = false;
        for (JsonNode e : expected) {
            String value = e.asText();
            anyMatches |= switch (op) {
                case "StringEquals", "StringNotEquals" -> actual.equals(value);
                case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> actual.equalsIgnoreCase(value);
                case "StringLike", "StringNotLike" -> glob(value, false).matcher(actual).matches();
                default -> false;
            };
        }
        boolean known = List.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
                "StringLike", "StringNotLike").contains(op);
        return known && anyMatches != negated;
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} one character. */
    private static Pattern glob(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
    }

    /** A policy field holding one value or a list of values, as a list. */
    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node);
        }
        return out;
    }
}
