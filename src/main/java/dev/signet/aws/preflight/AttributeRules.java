package dev.signet.aws.preflight;

import static dev.signet.aws.preflight.Findings.shown;

import dev.signet.aws.preflight.ResponseDocument.SamlAttribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rules on the AWS attributes (names are exact and case-sensitive), from the "Attributes" part of the AWS reference. */
final class AttributeRules {
    static final String PREFIX = "https://aws.amazon.com/SAML/Attributes/";
    static final String ROLE = PREFIX + "Role";
    static final String ROLE_SESSION_NAME = PREFIX + "RoleSessionName";
    static final String SESSION_DURATION = PREFIX + "SessionDuration";
    static final String SOURCE_IDENTITY = PREFIX + "SourceIdentity";
    static final String PRINCIPAL_TAG = PREFIX + "PrincipalTag:";
    static final String TRANSITIVE_TAG_KEYS = PREFIX + "TransitiveTagKeys";
    private static final List<String> LOCAL_NAMES = List.of("Role", "RoleSessionName", "SessionDuration", "SourceIdentity",
            "TransitiveTagKeys");

    static final Pattern SESSION_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@-]{2,64}");
    static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role/(?:[\\x21-\\x7E&&[^/]]+/)*([\\w+=,.@-]{1,64})");
    static final Pattern PROVIDER_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):saml-provider/([\\w.-]{1,128})");
    static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{N} _.:/=+@-]{1,128}");
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{N} _.:/=+@-]{0,256}");
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 43_200;
    static final int MAX_TAGS = 50;

    private static final String FIX_ROLE_MAPPING = "Map the user's group to an AWS role in the application's role mapping.";
    private static final String FIX_ROLE_ARN = "Correct the role in the application's role mapping: each value is "
            + "arn:aws:iam::<12-digit account>:role/<role name>,arn:aws:iam::<same account>:saml-provider/<provider name>.";
    private static final String FIX_SESSION_NAME = "Use the built-in RoleSessionName mapping, which makes the username fit.";
    private static final String FIX_TAGS = "Correct the session tag mappings in the application's AWS settings.";

    private AttributeRules() {
    }

    static RuleResult attributeNames(List<SamlAttribute> attributes) {
        Findings f = Rule.ATTRIBUTE_NAMES.findings();
        Set<String> seen = new HashSet<>();
        for (SamlAttribute a : attributes) {
            String name = a.name();
            if (!seen.add(name) || isAwsName(name)) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            String local = lower.substring(lower.lastIndexOf('/') + 1);
            boolean looksAws = lower.replaceFirst("^https?://", "").startsWith("aws.amazon.com/saml/attributes/")
                    || LOCAL_NAMES.stream().anyMatch(l -> l.equalsIgnoreCase(name)) || lower.startsWith("principaltag:");
            String meant = looksAws ? meant(name, local) : null;
            if (meant != null) {
                f.warn("The attribute " + shown(name) + " looks like an AWS attribute but AWS ignores it: names are exact "
                                + "and case-sensitive; did you mean " + shown(meant) + "?",
                        "Rename the attribute in the application's attribute mappings to " + meant + ".");
            } else if (looksAws) {
                f.warn("AWS does not know the attribute " + shown(name) + " and ignores it.",
                        "Remove the attribute from the application's attribute mappings, or give it its exact AWS name.");
            }
        }
        return f.result("All AWS attribute names are exact.");
    }

    static RuleResult role(Inspection in) {
        List<String> values = values(in.attributes(), ROLE);
        Findings f = Rule.ROLE_ATTRIBUTE.findings();
        if (values == null || values.isEmpty()) {
            return f.fail("No Role attribute (" + ROLE + ") is sent, so AWS has no role to sign the user in to.",
                    FIX_ROLE_MAPPING).result("");
        }
        Set<String> known = in.input().knownRoleValues() == null ? null : new HashSet<>();
        if (known != null) {
            for (String k : in.input().knownRoleValues()) {
                RolePair pair = RolePair.parse(k);
                known.add(pair == null ? k : pair.canonical());
            }
        }
        Map<String, Set<String>> providersByAccount = new LinkedHashMap<>();
        for (String value : values) {
            RolePair pair = RolePair.parse(value.strip());
            if (pair == null) {
                f.fail("The Role value " + shown(value) + " is not a role ARN and a SAML provider ARN separated by a comma"
                        + RolePair.diagnose(value.strip()) + ".", FIX_ROLE_ARN);
                continue;
            }
            if (!pair.roleAccount().equals(pair.providerAccount()) || !pair.rolePartition().equals(pair.providerPartition())) {
                f.fail("The Role value " + shown(value) + " names role account " + pair.roleAccount()
                        + " but provider account " + pair.providerAccount() + "; both must be the same account.", FIX_ROLE_ARN);
            }
            if (!value.equals(value.strip()) || value.contains(", ") || value.contains(" ,")) {
                f.unconfirmed(in.strict(), "The Role value " + shown(value) + " has spaces around its ARNs.", FIX_ROLE_ARN);
            }
            if (known != null && !known.contains(pair.canonical())) {
                f.fail("The Role value " + shown(value) + " is not one of the roles configured for the application.",
                        FIX_ROLE_MAPPING);
            }
            providersByAccount.computeIfAbsent(pair.roleAccount(), a -> new HashSet<>()).add(pair.provider());
        }
        providersByAccount.forEach((account, providers) -> {
            if (providers.size() > 1) {
                f.warn("Role values for account " + account + " name " + providers.size() + " SAML providers " + providers
                                + "; each must exist in IAM with Signet's metadata.",
                        "Use the same SAML provider name for every role of the account in the application's role mapping.");
            }
        });
        return f.result(values.size() + " role(s): " + String.join("; ", values.stream().map(Findings::shown).toList())
                + (values.size() > 1 ? " (the console shows a role picker)." : "."));
    }

    static RuleResult roleSessionName(Inspection in) {
        List<String> values = values(in.attributes(), ROLE_SESSION_NAME);
        if (values == null) {
            return Rule.ROLE_SESSION_NAME.fail("RoleSessionName is required in AuthnResponse: no " + ROLE_SESSION_NAME
                    + " attribute is sent.", FIX_SESSION_NAME);
        }
        if (values.size() != 1) {
            return Rule.ROLE_SESSION_NAME.fail("RoleSessionName has " + values.size() + " values; AWS needs exactly one.",
                    FIX_SESSION_NAME);
        }
        String value = values.get(0);
        if (!SESSION_NAME.matcher(value).matches()) {
            return Rule.ROLE_SESSION_NAME.fail("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}: "
                    + "found " + shown(value) + " (" + value.length() + " characters).", FIX_SESSION_NAME);
        }
        return Rule.ROLE_SESSION_NAME.pass("RoleSessionName " + shown(value) + ".");
    }

    static RuleResult sessionDuration(Inspection in) {
        List<String> values = values(in.attributes(), SESSION_DURATION);
        if (values == null) {
            return Rule.SESSION_DURATION.pass("not sent: the console session lasts one hour.");
        }
        String fix = "Set the session duration in the application's AWS settings to between 900 and 43200 seconds "
                + "(15 minutes to 12 hours).";
        if (values.size() != 1) {
            return Rule.SESSION_DURATION.fail("SessionDuration has " + values.size() + " values; AWS needs exactly one.", fix);
        }
        String value = values.get(0).strip();
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < MIN_DURATION || Integer.parseInt(value) > MAX_DURATION) {
            return Rule.SESSION_DURATION.fail("SessionDuration is " + shown(values.get(0)) + "; AWS needs a whole number of "
                    + "seconds from 900 to 43200.", fix);
        }
        return Rule.SESSION_DURATION.pass("SessionDuration " + value + " seconds; it must not exceed the role's maximum "
                + "session duration in IAM.");
    }

    static RuleResult sourceIdentity(Inspection in) {
        List<String> values = values(in.attributes(), SOURCE_IDENTITY);
        if (values == null) {
            return Rule.SOURCE_IDENTITY.pass("not sent.");
        }
        String fix = "Map SourceIdentity to a value of 2 to 64 letters, digits and +=,.@_- characters that does not "
                + "start with aws: (the username usually fits).";
        if (values.size() != 1) {
            return Rule.SOURCE_IDENTITY.fail("SourceIdentity has " + values.size() + " values; AWS needs exactly one.", fix);
        }
        String value = values.get(0);
        if (!SESSION_NAME.matcher(value).matches() || value.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            return Rule.SOURCE_IDENTITY.fail("SourceIdentity " + shown(value) + " must match [a-zA-Z_0-9+=,.@-]{2,64} "
                    + "and must not start with aws:.", fix);
        }
        return Rule.SOURCE_IDENTITY.pass("SourceIdentity " + shown(value) + "; the roles' trust policies must allow "
                + "sts:SetSourceIdentity.");
    }

    static RuleResult principalTags(Inspection in) {
        Findings f = Rule.PRINCIPAL_TAGS.findings();
        Map<String, String> keysByLowerCase = new HashMap<>();
        int count = 0;
        for (SamlAttribute a : in.attributes()) {
            if (!a.name().startsWith(PRINCIPAL_TAG)) {
                continue;
            }
            count++;
            String key = a.name().substring(PRINCIPAL_TAG.length());
            if (!TAG_KEY.matcher(key).matches()) {
                f.fail("The tag key " + shown(key) + " must be 1 to 128 letters, digits, spaces and _.:/=+-@.", FIX_TAGS);
            }
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                f.fail("The tag key " + shown(key) + " starts with aws:, which is reserved for AWS.", FIX_TAGS);
            }
            String earlier = keysByLowerCase.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
            if (earlier != null) {
                f.fail("The tag keys " + shown(earlier) + " and " + shown(key) + " are the same key to AWS (keys are "
                        + "case-insensitive).", FIX_TAGS);
            }
            if (a.values().size() != 1) {
                f.fail("The tag " + shown(key) + " has " + a.values().size() + " values; AWS needs exactly one.", FIX_TAGS);
            } else if (!TAG_VALUE.matcher(a.values().get(0)).matches()) {
                f.fail("The value of tag " + shown(key) + " (" + shown(a.values().get(0)) + ") must be up to 256 letters, "
                        + "digits, spaces and _.:/=+-@.", FIX_TAGS);
            }
        }
        if (count > MAX_TAGS) {
            f.fail(count + " session tags are sent; AWS accepts at most " + MAX_TAGS + ".", FIX_TAGS);
        }
        if (count == 0) {
            return f.result("not sent.");
        }
        return f.result(count + " session tag(s) " + keysByLowerCase.values() + "; the roles' trust policies must allow "
                + "sts:TagSession.");
    }

    static RuleResult transitiveTagKeys(Inspection in) {
        List<String> values = values(in.attributes(), TRANSITIVE_TAG_KEYS);
        if (values == null) {
            return Rule.TRANSITIVE_TAG_KEYS.pass("not sent.");
        }
        Findings f = Rule.TRANSITIVE_TAG_KEYS.findings();
        if (values.size() > MAX_TAGS) {
            f.fail(values.size() + " transitive tag keys are sent; AWS accepts at most " + MAX_TAGS + ".", FIX_TAGS);
        }
        Set<String> tagKeys = new HashSet<>();
        for (SamlAttribute a : in.attributes()) {
            if (a.name().startsWith(PRINCIPAL_TAG)) {
                tagKeys.add(a.name().substring(PRINCIPAL_TAG.length()).toLowerCase(Locale.ROOT));
            }
        }
        for (String key : values) {
            if (!tagKeys.contains(key.toLowerCase(Locale.ROOT))) {
                f.fail("The transitive tag key " + shown(key) + " names no session tag that is sent.", FIX_TAGS);
            }
        }
        return f.result("Transitive tag keys " + values.stream().map(Findings::shown).toList() + ".");
    }

    /** The provider ARN of the first well-formed Role value, or null; used to fill in CLI commands. */
    static String providerArn(List<SamlAttribute> attributes) {
        List<String> values = values(attributes, ROLE);
        for (String value : values == null ? List.<String>of() : values) {
            RolePair pair = RolePair.parse(value.strip());
            if (pair != null) {
                return pair.provider();
            }
        }
        return null;
    }

    /** All values of the attributes with exactly this name, or null when none is sent. */
    static List<String> values(List<SamlAttribute> attributes, String name) {
        List<String> values = null;
        for (SamlAttribute a : attributes) {
            if (a.name().equals(name)) {
                values = values == null ? new ArrayList<>() : values;
                values.addAll(a.values());
            }
        }
        return values;
    }

    private static boolean isAwsName(String name) {
        return name.startsWith(PRINCIPAL_TAG) || LOCAL_NAMES.stream().anyMatch(l -> name.equals(PREFIX + l));
    }

    /** The exact AWS name a misspelt one most likely means, or null. */
    private static String meant(String name, String lowerLocal) {
        if (lowerLocal.startsWith("principaltag:")) {
            return PRINCIPAL_TAG + name.substring(name.length() - lowerLocal.length() + "principaltag:".length());
        }
        return LOCAL_NAMES.stream().filter(l -> l.equalsIgnoreCase(lowerLocal)).findFirst().map(l -> PREFIX + l).orElse(null);
    }

    /** One Role value: a role ARN and a SAML provider ARN, in either order. */
    record RolePair(String role, String provider, Matcher roleMatch, Matcher providerMatch) {
        static RolePair parse(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length != 2) {
                return null;
            }
            String a = parts[0].strip();
            String b = parts[1].strip();
            Matcher roleA = ROLE_ARN.matcher(a);
            Matcher providerB = PROVIDER_ARN.matcher(b);
            if (roleA.matches() && providerB.matches()) {
                return new RolePair(a, b, roleA, providerB);
            }
            Matcher roleB = ROLE_ARN.matcher(b);
            Matcher providerA = PROVIDER_ARN.matcher(a);
            if (roleB.matches() && providerA.matches()) {
                return new RolePair(b, a, roleB, providerA);
            }
            return null;
        }

        /** Says which half is wrong, for the detail of a malformed value. */
        static String diagnose(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length != 2) {
                return " (it has " + parts.length + " comma-separated part(s), not 2)";
            }
            List<String> problems = new ArrayList<>();
            boolean hasRole = false;
            boolean hasProvider = false;
            for (String part : parts) {
                String p = part.strip();
                hasRole |= ROLE_ARN.matcher(p).matches();
                hasProvider |= PROVIDER_ARN.matcher(p).matches();
                if (p.matches("arn:[^:]*:iam::[^:]*:.*") && !p.matches("arn:[^:]*:iam::\\d{12}:.*")) {
                    problems.add(shown(p) + " does not have a 12-digit account ID");
                }
            }
            if (!hasRole) {
                problems.add("no part is a role ARN (arn:aws:iam::<account>:role/<name>, name up to 64 of a-z A-Z 0-9 +=,.@_-)");
            }
            if (!hasProvider) {
                problems.add("no part is a SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)");
            }
            return ": " + String.join("; ", problems);
        }

        String roleAccount() {
            return roleMatch.group(2);
        }

        String providerAccount() {
            return providerMatch.group(2);
        }

        String rolePartition() {
            return roleMatch.group(1);
        }

        String providerPartition() {
            return providerMatch.group(1);
        }

        /** Role first, as Signet's role mapping writes it, so either order compares equal. */
        String canonical() {
            return role + "," + provider;
        }
    }
}
