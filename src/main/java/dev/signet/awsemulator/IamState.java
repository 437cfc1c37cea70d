package dev.signet.awsemulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The IAM side of every emulated account: SAML providers and roles, in memory. Both the IAM query API
 * and the JSON admin API change it through here, so they validate alike.
 */
final class IamState {
    private static final Pattern PROVIDER_NAME = Pattern.compile("[\\w._-]{1,128}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private final Clock clock;
    private final AwsIds ids;
    private final Map<String, Account> accounts = new TreeMap<>();

    IamState(Clock clock, AwsIds ids) {
        this.clock = clock;
        this.ids = ids;
    }

    private static final class Account {
        final Map<String, SamlProviderEntry> providers = new LinkedHashMap<>();
        final Map<String, IamRole> roles = new LinkedHashMap<>();
    }

    /** Something stored, and whether it was new (201) or replaced (200). */
    record Put<T>(T value, boolean created) {
    }

    synchronized Put<SamlProviderEntry> putSamlProvider(String account, String name, String metadataDocument) {
        checkAccount(account);
        checkProviderName(name);
        ProviderMetadata metadata = ProviderMetadata.parse(metadataDocument.getBytes(StandardCharsets.UTF_8));
        Account a = account(account);
        SamlProviderEntry old = a.providers.get(name);
        SamlProviderEntry entry = new SamlProviderEntry(IamArn.samlProvider(account, name), metadataDocument, metadata,
                old == null ? clock.instant() : old.createDate());
        a.providers.put(name, entry);
        return new Put<>(entry, old == null);
    }

    synchronized SamlProviderEntry createSamlProvider(String account, String name, String metadataDocument) {
        checkAccount(account);
        checkProviderName(name);
        if (account(account).providers.containsKey(name)) {
            throw AwsError.ENTITY_ALREADY_EXISTS.with("SAMLProvider " + name + " already exists.");
        }
        return putSamlProvider(account, name, metadataDocument).value();
    }

    synchronized SamlProviderEntry updateSamlProvider(String arn, String metadataDocument) {
        SamlProviderEntry existing = samlProvider(arn).orElseThrow(() -> noSuchProvider(arn));
        return putSamlProvider(existing.arn().account(), existing.arn().name(), metadataDocument).value();
    }

    synchronized Optional<SamlProviderEntry> samlProvider(String arn) {
        return IamArn.parse(arn)
                .filter(a -> a.kind() == IamArn.Kind.SAML_PROVIDER && accounts.containsKey(a.account()))
                .map(a -> accounts.get(a.account()).providers.get(a.name()));
    }

    synchronized void deleteSamlProvider(String arn) {
        SamlProviderEntry existing = samlProvider(arn).orElseThrow(() -> noSuchProvider(arn));
        accounts.get(existing.arn().account()).providers.remove(existing.arn().name());
    }

    synchronized Put<IamRole> putRole(String account, String path, String name, JsonNode trustPolicy, Integer maxSessionDuration) {
        checkAccount(account);
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw AwsError.VALIDATION_ERROR.with("The specified value for roleName is invalid. It must match [\\w+=,.@-]{1,64}.");
        }
        String rolePath = path == null || path.isEmpty() ? "/" : path;
        if (!rolePath.startsWith("/") || !rolePath.endsWith("/")) {
            throw AwsError.VALIDATION_ERROR.with("The specified value for path is invalid. It must begin and end with /.");
        }
        int max = maxSessionDuration == null ? IamRole.DEFAULT_MAX_SESSION : maxSessionDuration;
        if (max < IamRole.MIN_MAX_SESSION || max > IamRole.MAX_MAX_SESSION) {
            throw AwsError.VALIDATION_ERROR.with("1 validation error detected: Value '" + max
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200");
        }
        TrustPolicy.checkWellFormed(trustPolicy);
        Account a = account(account);
        IamRole old = a.roles.get(name);
        IamRole role = new IamRole(IamArn.role(account, rolePath, name), old == null ? ids.roleId() : old.roleId(),
                trustPolicy, max, old == null ? clock.instant() : old.createDate());
        a.roles.put(name, role);
        return new Put<>(role, old == null);
    }

    synchronized IamRole createRole(String account, String path, String name, JsonNode trustPolicy, Integer maxSessionDuration) {
        checkAccount(account);
        if (name != null && account(account).roles.containsKey(name)) {
            throw AwsError.ENTITY_ALREADY_EXISTS.with("Role with name " + name + " already exists.");
        }
        return putRole(account, path, name, trustPolicy, maxSessionDuration).value();
    }

    /** The role an ARN names; the path must match too, as in AWS. */
    synchronized Optional<IamRole> role(String arn) {
        return IamArn.parse(arn)
                .filter(a -> a.kind() == IamArn.Kind.ROLE && accounts.containsKey(a.account()))
                .map(a -> accounts.get(a.account()).roles.get(a.name()))
                .filter(r -> r.arn().toString().equals(arn.trim()));
    }

    synchronized void deleteRole(String account, String name) {
        Account a = accounts.get(account);
        if (a == null || a.roles.remove(name) == null) {
            throw AwsError.NO_SUCH_ENTITY.with("The role with name " + name + " cannot be found.");
        }
    }

    synchronized void reset() {
        accounts.clear();
    }

    /** Everything stored, for {@code GET /emulator/state}. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        accounts.forEach((id, a) -> {
            Map<String, Object> providers = new LinkedHashMap<>();
            a.providers.forEach((name, p) -> providers.put(name, ordered(
                    "arn", p.arn().toString(),
                    "entityId", p.metadata().entityId(),
                    "signingCertificates", p.metadata().signingCertificates().size(),
                    "createDate", p.createDate().toString())));
            Map<String, Object> roles = new LinkedHashMap<>();
            a.roles.forEach((name, r) -> roles.put(name, ordered(
                    "arn", r.arn().toString(),
                    "roleId", r.roleId(),
                    "trustPolicy", r.trustPolicy(),
                    "maxSessionDuration", r.maxSessionDurationSeconds())));
            out.put(id, ordered("samlProviders", providers, "roles", roles));
        });
        return ordered("accounts", out);
    }

    /** A map that keeps the order given, so JSON reads in a stable order. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private Account account(String id) {
        return accounts.computeIfAbsent(id, k -> new Account());
    }

    private static void checkAccount(String account) {
        if (account == null || !IamArn.ACCOUNT.matcher(account).matches()) {
            throw AwsError.VALIDATION_ERROR.with("The account ID must be 12 digits, not '" + account + "'.");
        }
    }

    private static void checkProviderName(String name) {
        if (name == null || !PROVIDER_NAME.matcher(name).matches()) {
            throw AwsError.VALIDATION_ERROR.with("The specified value for name is invalid. It must match [\\w._-]{1,128}.");
        }
    }

    private static AwsException noSuchProvider(String arn) {
        return AwsError.NO_SUCH_ENTITY.with("Manifest not found for arn " + arn);
    }
}
