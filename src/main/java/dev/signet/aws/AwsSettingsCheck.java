package dev.signet.aws;

import dev.signet.directory.Group;
import dev.signet.errors.Checks;
import dev.signet.errors.FieldErrors;
import dev.signet.mappings.AwsFitting;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks what an administrator gives for an AWS application, every field at once, against AWS's
 * and IAM's rules (session length, region, console deep link, role mapping, session tags), so that
 * a mistake is reported here rather than by AWS at sign-in.
 */
final class AwsSettingsCheck {
    private static final Pattern TAG_KEY = Pattern.compile("[" + AwsFitting.TAG_CHARACTERS + "]{1,128}");
    private static final int MAX_TAGS = 50;
    private static final int MAX_RULES = 500;

    private final Database db;
    private final GroupRepository groups;

    AwsSettingsCheck(Database db, GroupRepository groups) {
        this.db = db;
        this.groups = groups;
    }

    /** The settings, as given or kept, once every field has been checked. */
    record AwsSettings(String region, String partition, int sessionDuration, String providerName, String consoleUrl,
                       List<RoleRule> rules, Map<String, String> principalTags, boolean sourceIdentity) {
    }

    /** The settings the input gives over {@code current} (null on creation); problems go to {@code errors}. */
    AwsSettings check(AwsPresetInput in, AwsApplication current, FieldErrors errors) {
        String region = in.region() != null ? Checks.blankToNull(in.region()) : current == null ? null : current.region();
        AwsNames.region(errors, "region", region);
        String partition = AwsNames.partitionOf(region);
        int duration = in.sessionDuration() != null ? in.sessionDuration()
                : current == null ? AwsApplication.DEFAULT_SESSION : current.sessionDuration();
        if (duration < AwsApplication.MIN_SESSION || duration > AwsApplication.MAX_SESSION) {
            errors.add("sessionDuration", "AWS accepts " + AwsApplication.MIN_SESSION + " to " + AwsApplication.MAX_SESSION
                    + " seconds (15 minutes to 12 hours).");
        }
        String slug = in.slug() != null ? in.slug() : null;
        String providerName = in.providerName() != null ? in.providerName().strip()
                : current != null ? current.providerName() : "signet-" + (slug == null ? "aws" : slug);
        AwsNames.providerName(errors, "providerName", providerName);
        String consoleUrl = Checks.blankToNull(in.consoleUrl());
        if (consoleUrl != null) {
            if (!AwsNames.isConsoleUrl(consoleUrl)) {
                errors.add("consoleUrl", "Only AWS console addresses (https://...console.aws.amazon.com/...) can be deep links.");
            } else if (consoleUrl.getBytes(StandardCharsets.UTF_8).length > 80) {
                errors.add("consoleUrl", "The deep link travels as RelayState, which SAML limits to 80 bytes.");
            }
        }
        List<RoleRule> rules = in.roles() != null ? rules(in.roles(), partition, providerName, errors)
                : current == null ? List.of() : renamedDefaultProvider(current, providerName);
        if (in.roles() == null && current != null && !current.partition().equals(partition)) {
            errors.add("region", "The region is in another AWS partition than the role mapping's roles; give the roles again.");
        }
        Map<String, String> tags = in.principalTags() != null ? principalTags(in.principalTags(), errors)
                : current == null ? Map.of() : current.principalTags();
        boolean sourceIdentity = in.sourceIdentity() != null ? in.sourceIdentity() : current != null && current.sourceIdentity();
        return new AwsSettings(region, partition, duration, providerName, consoleUrl, rules, tags, sourceIdentity);
    }

    /** The current rules, those that used the default provider name now using the new one. */
    private static List<RoleRule> renamedDefaultProvider(AwsApplication current, String providerName) {
        return current.roleRules().stream().map(r -> !r.providerName().equals(current.providerName()) ? r
                : new RoleRule(r.groupId(), r.groupName(), r.partition(), r.accountId(), r.rolePath(), r.roleName(), providerName))
                .toList();
    }

    private List<RoleRule> rules(List<AwsPresetInput.RoleRuleInput> in, String partition, String defaultProvider, FieldErrors errors) {
        if (in.size() > MAX_RULES) {
            errors.add("roles", "At most " + MAX_RULES + " rules.");
            return List.of();
        }
        List<RoleRule> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            AwsPresetInput.RoleRuleInput r = in.get(i);
            String field = "roles[" + i + "]";
            if (r == null) {
                errors.add(field, "A rule is an object with group, account, role and (optionally) provider.");
                continue;
            }
            Optional<Group> group = findGroup(r.group());
            if (group.isEmpty()) {
                errors.add(field + ".group", r.group() == null || r.group().isBlank() ? "Name the group (its name or ID)."
                        : "No group is named '" + Checks.shorten(r.group(), 100) + "'.");
            }
            String account = Checks.blankToNull(r.account());
            boolean roleIsArn = r.role() != null && r.role().strip().startsWith("arn:");
            if (account != null || !roleIsArn) {
                AwsNames.account(errors, field + ".account", account);
            }
            AwsNames.ParsedRole role = AwsNames.parseRole(errors, field + ".role", r.role(), account, partition);
            String provider = Checks.blankToNull(r.provider()) == null ? defaultProvider : r.provider().strip();
            AwsNames.providerName(errors, field + ".provider", provider);
            if (role != null && !role.partition().equals(partition)) {
                errors.add(field + ".role", "The role is in the " + role.partition() + " partition, but the sign-in region is in "
                        + partition + ".");
            }
            if (group.isPresent() && role != null && role.accountId() != null) {
                RoleRule rule = new RoleRule(group.get().id(), group.get().name(), role.partition(), role.accountId(), role.path(),
                        role.name(), provider);
                if (seen.add(rule.groupId() + "|" + rule.roleValue())) {
                    out.add(rule);
                }
            }
        }
        return List.copyOf(out);
    }

    private Optional<Group> findGroup(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String ref = reference.strip();
        return db.read(h -> {
            if (ref.length() == 36) {
                try {
                    Optional<Group> byId = groups.findById(h, UUID.fromString(ref));
                    if (byId.isPresent()) {
                        return byId;
                    }
                } catch (IllegalArgumentException notAnId) {
                    // a name that happens to be 36 characters long
                }
            }
            return groups.findByName(h, ref);
        });
    }

    private static Map<String, String> principalTags(Map<String, String> in, FieldErrors errors) {
        if (in.size() > MAX_TAGS) {
            errors.add("principalTags", "AWS accepts at most " + MAX_TAGS + " session tags.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> lower = new HashSet<>();
        for (Map.Entry<String, String> e : in.entrySet()) {
            String key = e.getKey();
            String field = "principalTags." + key;
            if (!TAG_KEY.matcher(key).matches()) {
                errors.add(field, "Tag keys are 1 to 128 letters, digits, spaces and _ . : / = + - @.");
            } else if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                errors.add(field, "Tag keys cannot start with aws: (AWS reserves it).");
            } else if (!lower.add(key.toLowerCase(Locale.ROOT))) {
                errors.add(field, "AWS compares tag keys ignoring case: this key repeats another one.");
            }
            String attribute = e.getValue();
            if (attribute == null || attribute.isBlank() || attribute.length() > 128 || attribute.chars().anyMatch(c -> c < 0x20)) {
                errors.add(field, "Name the user attribute the tag's value comes from (at most 128 characters).");
            }
            out.put(key, e.getValue() == null ? "" : e.getValue().strip());
        }
        return out;
    }
}
