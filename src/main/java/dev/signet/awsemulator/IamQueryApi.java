package dev.signet.awsemulator;

import static dev.signet.awsemulator.QueryXml.element;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of IAM's query API ({@code POST /iam/}, Version 2010-05-08) that federation needs, so the real
 * AWS CLI can set up the emulator with {@code --endpoint-url}. SigV4 signatures are NOT verified: the
 * access key ID only selects the account when it is a 12-digit number, otherwise {@link #DEFAULT_ACCOUNT}.
 */
final class IamQueryApi {
    static final String VERSION = "2010-05-08";
    static final String DEFAULT_ACCOUNT = "123456789012";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    private final IamState iam;
    private final AwsIds ids;

    IamQueryApi(IamState iam, AwsIds ids) {
        this.iam = iam;
        this.ids = ids;
    }

    void handle(Context ctx, Map<String, String> form) {
        String requestId = ids.requestId();
        String action = form.get("Action");
        try {
            String account = account(ctx.header("Authorization"));
            String result = switch (action == null ? "" : action) {
                case "CreateSAMLProvider" -> createSamlProvider(account, form);
                case "UpdateSAMLProvider" -> updateSamlProvider(form);
                case "GetSAMLProvider" -> getSamlProvider(form);
                case "DeleteSAMLProvider" -> deleteSamlProvider(form);
                case "CreateRole" -> createRole(account, form);
                case "DeleteRole" -> deleteRole(account, form);
                default -> throw AwsError.INVALID_ACTION.with("Could not find operation " + action + " for version " + VERSION);
            };
            QueryXml.success(ctx, QueryXml.IAM_NS, action, result, requestId);
        } catch (AwsException e) {
            QueryXml.error(ctx, QueryXml.IAM_NS, e, requestId);
        }
    }

    /** The account a request acts for: the SigV4 access key ID when it is an account number. */
    static String account(String authorization) {
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            if (m.find() && IamArn.ACCOUNT.matcher(m.group(1)).matches()) {
                return m.group(1);
            }
        }
        return DEFAULT_ACCOUNT;
    }

    private String createSamlProvider(String account, Map<String, String> form) {
        SamlProviderEntry p = iam.createSamlProvider(account, required(form, "Name"), required(form, "SAMLMetadataDocument"));
        return element("SAMLProviderArn", p.arn());
    }

    private String updateSamlProvider(Map<String, String> form) {
        SamlProviderEntry p = iam.updateSamlProvider(required(form, "SAMLProviderArn"), required(form, "SAMLMetadataDocument"));
        return element("SAMLProviderArn", p.arn());
    }

    private String getSamlProvider(Map<String, String> form) {
        String arn = required(form, "SAMLProviderArn");
        SamlProviderEntry p = iam.samlProvider(arn).orElseThrow(() -> AwsError.NO_SUCH_ENTITY.with("Manifest not found for arn " + arn));
        return element("SAMLMetadataDocument", p.metadataDocument())
                + element("CreateDate", p.createDate().truncatedTo(ChronoUnit.SECONDS))
                + element("ValidUntil", p.metadata().signingCertificates().get(0).getNotAfter().toInstant());
    }

    private String deleteSamlProvider(Map<String, String> form) {
        iam.deleteSamlProvider(required(form, "SAMLProviderArn"));
        return null;
    }

    private String createRole(String account, Map<String, String> form) {
        String document = required(form, "AssumeRolePolicyDocument");
        JsonNode policy;
        try {
            policy = EmulatorJson.MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            throw AwsError.MALFORMED_POLICY_DOCUMENT.with("This policy contains invalid Json");
        }
        IamRole role = iam.createRole(account, form.get("Path"), required(form, "RoleName"), policy,
                maxSessionDuration(form.get("MaxSessionDuration")));
        return "<Role>" + element("Path", role.arn().path()) + element("Arn", role.arn()) + element("RoleName", role.arn().name())
                // IAM returns the trust policy URL-encoded; the CLI and SDKs decode it.
                + element("AssumeRolePolicyDocument", URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20"))
                + element("CreateDate", role.createDate().truncatedTo(ChronoUnit.SECONDS))
                + element("RoleId", role.roleId()) + element("MaxSessionDuration", role.maxSessionDurationSeconds()) + "</Role>";
    }

    private String deleteRole(String account, Map<String, String> form) {
        iam.deleteRole(account, required(form, "RoleName"));
        return null;
    }

    private static Integer maxSessionDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw AwsError.VALIDATION_ERROR.with("MaxSessionDuration must be a number of seconds, not '" + value + "'.");
        }
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsError.VALIDATION_ERROR.with("1 validation error detected: Value null at '" + Character.toLowerCase(name.charAt(0))
                    + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }
}
