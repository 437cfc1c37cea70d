package dev.signet.aws;

import dev.signet.errors.Checks;
import dev.signet.errors.FieldErrors;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM's naming rules for what an admin types into a role mapping, checked on save so that a typo
 * shows up here instead of as "Access denied" at AWS. Also which URLs are AWS console addresses
 * (the only deep links an AWS application follows).
 */
public final class AwsNames {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /**
     * IAM role names: up to 64 of letters, digits and +=.@_- . IAM also allows ',', but AWS's Role
     * attribute separates role and provider ARN with one, so a comma would split the value.
     */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=.@-]{1,64}");
    /** IAM paths: "/" or "/segments/" of printable ASCII without spaces (and, as above, without ','), at most 512. */
    private static final Pattern ROLE_PATH = Pattern.compile("/(?:[\\x21-\\x7E&&[^/,]]+/)*");
    /** IAM SAML provider names: letters, digits and ._- , 1..128. */
    private static final Pattern PROVIDER_NAME = Pattern.compile("[\\w._-]{1,128}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role(/.*/|/)([^/]+)");
    /** AWS region names of every partition; {@link #region} accepts the commercial partition's only. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d");

    /**
     * The commercial regions with a regional sign-in endpoint ({region}.signin.aws.amazon.com), offered
     * as choices; {@link #region} accepts any commercial region name, including ones newer than this list.
     */
    public static final List<String> SIGN_IN_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1",
            "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
            "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1");

    private AwsNames() {
    }

    /** A role as given: a name (with the rule's account), or a role ARN (whose account must match). */
    public record ParsedRole(String partition, String accountId, String path, String name) {
    }

    public static ParsedRole parseRole(FieldErrors errors, String field, String role, String accountId, String partition) {
        if (role == null || role.isBlank()) {
            errors.add(field, "Name the IAM role (its name or ARN).");
            return null;
        }
        String r = role.strip();
        if (r.startsWith("arn:")) {
            Matcher m = ROLE_ARN.matcher(r);
            if (!m.matches()) {
                errors.add(field, "Not a role ARN: expected arn:aws:iam::123456789012:role/Name.");
                return null;
            }
            if (accountId != null && !accountId.equals(m.group(2))) {
                errors.add(field, "The role ARN is in account " + m.group(2) + ", but the rule names account " + accountId + ".");
                return null;
            }
            checkRoleName(errors, field, m.group(4));
            checkPath(errors, field, m.group(3));
            return new ParsedRole(m.group(1), m.group(2), m.group(3), m.group(4));
        }
        checkRoleName(errors, field, r);
        return new ParsedRole(partition, accountId, "/", r);
    }

    private static void checkRoleName(FieldErrors errors, String field, String name) {
        if (!ROLE_NAME.matcher(name).matches()) {
            errors.add(field, "IAM role names here are 1 to 64 letters, digits and + = . @ _ - ('" + Checks.shorten(name, 70) + "' is not one;"
                    + " a comma would split AWS's Role value).");
        }
    }

    private static void checkPath(FieldErrors errors, String field, String path) {
        if (path.length() > 512 || !ROLE_PATH.matcher(path).matches()) {
            errors.add(field, "The role path must be / or /segments/ of printable characters, at most 512.");
        }
    }

    public static void account(FieldErrors errors, String field, String accountId) {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            errors.add(field, "An AWS account ID is exactly 12 digits.");
        }
    }

    public static void providerName(FieldErrors errors, String field, String name) {
        if (name == null || !PROVIDER_NAME.matcher(name).matches()) {
            errors.add(field, "IAM SAML provider names are 1 to 128 letters, digits and . _ - .");
        }
    }

    public static void region(FieldErrors errors, String field, String region) {
        if (region == null) {
            return;
        }
        if (!REGION.matcher(region).matches()) {
            errors.add(field, "Not an AWS region name (like us-east-1 or eu-central-1).");
        } else if (!"aws".equals(partitionOf(region))) {
            errors.add(field, "Only regions of the commercial AWS partition are supported: China and GovCloud sign in through"
                    + " other endpoints with other audiences.");
        }
    }

    /** The partition a region belongs to. */
    public static String partitionOf(String region) {
        if (region == null) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-iso")) {
            return "aws-iso";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /**
     * Whether a deep link is an AWS console address: https, on console.aws.amazon.com or a
     * subdomain of it (regional consoles, s3.console...), or the China and GovCloud consoles.
     */
    public static boolean isConsoleUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            if (!"https".equals(uri.getScheme()) || host == null || uri.getRawUserInfo() != null
                    || (uri.getPort() != -1 && uri.getPort() != 443)) {
                return false;
            }
            host = host.toLowerCase(Locale.ROOT);
            return isUnder(host, "console.aws.amazon.com") || isUnder(host, "console.amazonaws-us-gov.com")
                    || isUnder(host, "console.amazonaws.cn");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isUnder(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }
}
