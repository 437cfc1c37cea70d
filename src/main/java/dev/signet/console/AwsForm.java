package dev.signet.console;

import dev.signet.aws.AwsApplication;
import dev.signet.aws.AwsPresetInput;
import dev.signet.aws.AwsPresetInput.RoleRuleInput;
import dev.signet.aws.RoleRule;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.InvalidInputException.FieldError;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS wizard's form (new application and "Edit AWS settings"): reads it into the preset input
 * the service takes, and shows a stored application in it. The role mapping is a table of rows
 * named like the API's fields ({@code roles[1].account}); rows left empty are not rules, so a
 * service error about the n-th rule is moved back to the row it came from.
 */
final class AwsForm {
    static final String ROWS = "rows";
    static final String MORE = "more";
    /** The administrator's own property mappings (checkboxes of mapping IDs), sent with the preset's. */
    static final String OWN_MAPPINGS = "propertyMappings";
    static final int ROWS_ADDED = 3;
    static final int MAX_ROWS = 500;
    static final List<String> COLUMNS = List.of("group", "account", "role", "provider");
    private static final Pattern RULE_FIELD = Pattern.compile("roles\\[(\\d+)](.*)");
    private static final String TAGS = "principalTags";

    private AwsForm() {
    }

    /** What was read: the service's input, and the form row each of its rules came from. */
    record Read(AwsPresetInput input, List<Integer> ruleRows) {
        /** The refusal with rule fields named by form row, and tag errors on the tags field. */
        InvalidInputException onForm(InvalidInputException e) {
            List<FieldError> out = new ArrayList<>();
            for (FieldError err : e.errors()) {
                out.add(onForm(err));
            }
            return new InvalidInputException(out);
        }

        private FieldError onForm(FieldError err) {
            Matcher m = RULE_FIELD.matcher(err.field());
            if (m.matches()) {
                int rule = Integer.parseInt(m.group(1));
                int row = rule < ruleRows.size() ? ruleRows.get(rule) : rule;
                return new FieldError(cellName(row, m.group(2).isEmpty() ? "group" : m.group(2).substring(1)), err.message());
            }
            if (err.field().startsWith(TAGS + ".")) {
                return new FieldError(TAGS, err.field().substring(TAGS.length() + 1) + ": " + err.message());
            }
            return err;
        }
    }

    /** Whether the administrator asked for more role rows rather than to save. */
    static boolean wantsMoreRows(Context ctx) {
        return ctx.formParam(MORE) != null;
    }

    /** Reads the form; the application fields (name, slug, access) only when creating. */
    static Read read(Form form, boolean creating) {
        int rows = rows(form);
        List<RoleRuleInput> rules = new ArrayList<>();
        List<Integer> ruleRows = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            String group = form.optionalText(cellName(row, "group"));
            String account = form.optionalText(cellName(row, "account"));
            String role = form.optionalText(cellName(row, "role"));
            String provider = form.optionalText(cellName(row, "provider"));
            if (group != null || account != null || role != null || provider != null) {
                rules.add(new RoleRuleInput(group, account, role, provider));
                ruleRows.add(row);
            }
        }
        String accessMode = creating ? form.text("accessMode") : null;
        List<UUID> groupIds = creating ? form.ids("groupIds") : null;
        AwsPresetInput in = new AwsPresetInput(
                creating ? form.text("slug") : null, creating ? form.text("name") : null,
                creating ? form.optionalText("description") : null, accessMode,
                "groups".equals(accessMode) ? groupIds : null,
                nonNull(form.text("region")), form.integer("sessionDuration"), nonNull(form.text("consoleUrl")),
                form.optionalText("providerName"), rules, principalTags(form), form.checkbox("sourceIdentity"), form.id("keypairId"),
                form.all(OWN_MAPPINGS));
        return new Read(in, ruleRows);
    }

    /** The number of role rows the form showed (or will show after "Add rows"), within bounds. */
    static int rows(Form form) {
        Integer rows = form.integer(ROWS);
        return rows == null ? ROWS_ADDED : Math.max(1, Math.min(MAX_ROWS, rows));
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static Map<String, String> principalTags(Form form) {
        Map<String, Object> lines = form.keyValues(TAGS);
        if (lines == null) {
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        // A value in [brackets] is a list to keyValues; as a tag source it is no attribute name, which the service reports.
        lines.forEach((key, value) -> tags.put(key, value instanceof String s ? s : null));
        return tags;
    }

    /** The starting values of the wizard: AWS's defaults. */
    static FormState defaults() {
        return FormState.of(Map.of("sessionDuration", String.valueOf(AwsApplication.DEFAULT_SESSION), "accessMode", "all",
                ROWS, String.valueOf(ROWS_ADDED)));
    }

    /** A stored application as the edit form shows it, plus empty rows to add rules in. */
    static FormState of(AwsApplication aws, String consoleUrl, UUID keypairId, List<UUID> ownMappings) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(OWN_MAPPINGS, String.join("\n", ownMappings.stream().map(UUID::toString).toList()));
        values.put("region", aws.region() == null ? "" : aws.region());
        values.put("sessionDuration", String.valueOf(aws.sessionDuration()));
        values.put("consoleUrl", consoleUrl == null ? "" : consoleUrl);
        values.put("providerName", aws.providerName());
        values.put("sourceIdentity", String.valueOf(aws.sourceIdentity()));
        values.put("keypairId", keypairId == null ? "" : keypairId.toString());
        values.put(TAGS, Form.keyValueText(new LinkedHashMap<>(aws.principalTags())));
        List<RoleRule> rules = aws.roleRules();
        for (int row = 0; row < rules.size(); row++) {
            RoleRule r = rules.get(row);
            values.put(cellName(row, "group"), r.groupId().toString());
            values.put(cellName(row, "account"), r.accountId());
            values.put(cellName(row, "role"), "/".equals(r.rolePath()) ? r.roleName() : r.roleArn());
            // A rule through the default provider is shown without one, so that renaming the default carries it along.
            values.put(cellName(row, "provider"), r.providerName().equals(aws.providerName()) ? "" : r.providerName());
        }
        values.put(ROWS, String.valueOf(rules.size() + ROWS_ADDED));
        return FormState.of(values);
    }

    /** The sent form again, with room for more rules. */
    static FormState withMoreRows(Form form) {
        int rows = Math.min(MAX_ROWS, rows(form) + ROWS_ADDED);
        return FormState.of(form.sent()).with(ROWS, String.valueOf(rows));
    }

    /** The submitted name of a role-mapping cell, as the API names the field: roles[1].account. */
    static String cellName(int row, String column) {
        return "roles[" + row + "]." + column;
    }

    /** The element ID of a role-mapping cell (brackets and dots are awkward in IDs and selectors): roles-1-account. */
    static String cellId(int row, String column) {
        return "roles-" + row + "-" + column;
    }

    /** Where the error summary links to for a field: the cell for role fields, else the field of that name. */
    static String anchor(String field) {
        Matcher m = RULE_FIELD.matcher(field);
        if (m.matches()) {
            return cellId(Integer.parseInt(m.group(1)), m.group(2).isEmpty() ? "group" : m.group(2).substring(1));
        }
        return field.startsWith(TAGS) ? TAGS : field;
    }
}
