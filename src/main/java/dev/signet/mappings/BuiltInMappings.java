package dev.signet.mappings;

import java.util.List;

/**
 * The mappings Signet ships, read-only and kept up to date on every start. The general ones use the
 * attribute names of the SAML V2.0 attribute profile (OIDs with friendly names, as Shibboleth sends
 * them), which SP libraries map to readable names on their own; the AWS ones use AWS's exact names.
 */
public final class BuiltInMappings {
    public static final String AWS_PREFIX = "https://aws.amazon.com/SAML/Attributes/";

    /** A shipped mapping; {@code key} is also its name, so providers can list it by name. */
    public record Definition(String key, String samlName, String friendlyName, AttributeNameFormat format, String expression,
                             String description) {
    }

    public static final Definition USERNAME = new Definition("username", "urn:oid:0.9.2342.19200300.100.1.1", "uid",
            AttributeNameFormat.URI, "user.username", "The username.");
    public static final Definition EMAIL = new Definition("email", "urn:oid:0.9.2342.19200300.100.1.3", "mail",
            AttributeNameFormat.URI, "user.email", "The e-mail address (left out when the user has none).");
    public static final Definition NAME = new Definition("name", "urn:oid:2.16.840.1.113730.3.1.241", "displayName",
            AttributeNameFormat.URI, "user.name", "The display name (left out when the user has none).");
    public static final Definition GROUPS = new Definition("groups", "urn:oid:1.3.6.1.4.1.5923.1.5.1.1", "isMemberOf",
            AttributeNameFormat.URI, "user.groups", "The names of the user's groups, including the groups those are in.");
    public static final Definition USER_ID = new Definition("user-id", "urn:signet:attribute:user-id", "userId",
            AttributeNameFormat.URI, "user.id", "Signet's stable ID of the user (a UUID that never changes, unlike the username).");
    public static final Definition AWS_ROLE = new Definition("aws-role", AWS_PREFIX + "Role", "Role",
            AttributeNameFormat.URI, "aws.roles",
            "The roleArn,providerArn pairs the application's role mapping gives the user's groups.");
    public static final Definition AWS_ROLE_SESSION_NAME = new Definition("aws-role-session-name", AWS_PREFIX + "RoleSessionName",
            "RoleSessionName", AttributeNameFormat.URI, "aws.sessionName(user.username)",
            "The username made to fit [a-zA-Z_0-9+=,.@-]{2,64} (other characters become '-').");
    public static final Definition AWS_SESSION_DURATION = new Definition("aws-session-duration", AWS_PREFIX + "SessionDuration",
            "SessionDuration", AttributeNameFormat.URI, "aws.session_duration > 0 ? [string(aws.session_duration)] : []",
            "The console session length in seconds set on the AWS application.");
    public static final Definition AWS_SOURCE_IDENTITY = new Definition("aws-source-identity", AWS_PREFIX + "SourceIdentity",
            "SourceIdentity", AttributeNameFormat.URI, "aws.sessionName(user.username)",
            "The username as the source identity, which stays with the session through role chaining.");

    public static final List<Definition> ALL = List.of(USERNAME, EMAIL, NAME, GROUPS, USER_ID, AWS_ROLE, AWS_ROLE_SESSION_NAME,
            AWS_SESSION_DURATION, AWS_SOURCE_IDENTITY);

    private BuiltInMappings() {
    }

    /** The SAML name of the session tag {@code key}. */
    public static String principalTagName(String key) {
        return AWS_PREFIX + "PrincipalTag:" + key;
    }

    /** The expression of a PrincipalTag taken from a user attribute; left out when the user has no such attribute. */
    public static String principalTagExpression(String userAttribute) {
        String key = CelStrings.quote(userAttribute);
        return key + " in user.attributes ? aws.tagValue(string(user.attributes[" + key + "])) : \"\"";
    }
}
