package dev.signet.console;

import dev.signet.applications.ApplicationService;
import dev.signet.audit.AuditLog;
import dev.signet.authentication.SessionService;
import dev.signet.aws.AwsApplicationService;
import dev.signet.aws.AwsSetup;
import dev.signet.directory.DirectoryService;
import dev.signet.keys.KeypairService;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.saml.SamlProviderService;
import dev.signet.saml.SingleSignOn;
import dev.signet.settings.RuntimeSettings;
import dev.signet.storage.Database;
import java.time.Clock;
import java.util.function.Supplier;

/** The domain services the console's pages work with; the same ones the admin API uses. */
public record ConsoleServices(
        Database db,
        DirectoryService directory,
        SessionService sessions,
        ApplicationService applications,
        SamlProviderService samlProviders,
        PropertyMappingService propertyMappings,
        KeypairService keypairs,
        SingleSignOn sso,
        AwsApplicationService awsApplications,
        AwsSetup awsSetup,
        AuditLog audit,
        Clock clock,
        Supplier<String> publicUrl,
        RuntimeSettings settings) {
}
