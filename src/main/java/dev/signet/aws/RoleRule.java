package dev.signet.aws;

import dev.signet.aws.iam.RoleTarget;
import dev.signet.directory.Group;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One line of an AWS application's role mapping: members of the group (directly or through a
 * subgroup) may assume the role in the account, through the IAM SAML provider of that name.
 */
public record RoleRule(UUID groupId, String groupName, String partition, String accountId, String rolePath, String roleName,
                       String providerName) {

    /** The role and provider as IAM sees them (which also spells their ARNs). */
    public RoleTarget target() {
        return new RoleTarget(partition, accountId, roleName, rolePath, providerName);
    }

    public String roleArn() {
        return target().roleArn();
    }

    public String providerArn() {
        return target().providerArn();
    }

    /** The Role values the rules give members of these groups, in rule order, each once. */
    public static List<String> roleValues(List<RoleRule> rules, List<Group> userGroups) {
        LinkedHashSet<String> values = new LinkedHashSet<>();
        for (RoleRule r : rulesFor(rules, userGroups)) {
            values.add(r.roleValue());
        }
        return List.copyOf(values);
    }

    /** The rules that apply to members of these groups, in rule order. */
    public static List<RoleRule> rulesFor(List<RoleRule> rules, List<Group> userGroups) {
        if (rules.isEmpty()) {
            return List.of();
        }
        Set<UUID> mine = new HashSet<>();
        for (Group g : userGroups) {
            mine.add(g.id());
        }
        return rules.stream().filter(r -> mine.contains(r.groupId())).toList();
    }

    /** The value of AWS's Role attribute: {@code roleArn,providerArn}. */
    public String roleValue() {
        return roleArn() + "," + providerArn();
    }
}
