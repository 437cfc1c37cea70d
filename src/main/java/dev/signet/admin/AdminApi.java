package dev.signet.admin;

import dev.signet.applications.ApplicationService;
import dev.signet.audit.AuditLog;
import dev.signet.aws.AwsApplicationService;
import dev.signet.aws.AwsSetup;
import dev.signet.authentication.SessionService;
import dev.signet.directory.DirectoryService;
import dev.signet.keys.KeypairService;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.saml.SingleSignOn;
import dev.signet.storage.Database;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Entry point of the JSON admin API: wires each resource onto /api/v1 behind the administrator check. */
public final class AdminApi {
    private final ApiAuthenticator authenticator;
    private final UsersApi users;
    private final GroupsApi groups;
    private final ApplicationsApi applications;
    private final EventsApi events;
    private final KeypairsApi keypairs;
    private final SamlProvidersApi samlProviders;
    private final PropertyMappingsApi propertyMappings;
    private final AwsApi aws;
    private final byte[] openApi;
    private List<String> registered = List.of();

    public AdminApi(ApiAuthenticator authenticator, DirectoryService directory, ApplicationService applicationService,
                    SessionService sessions, Database db, AuditLog audit,
                    KeypairService keypairService, dev.signet.saml.SamlProviderService samlProviderService,
                    PropertyMappingService mappingService, SingleSignOn sso, AwsApplicationService awsApplications, AwsSetup awsSetup,
                    java.util.function.Supplier<String> publicUrl) {
        this.authenticator = authenticator;
        this.users = new UsersApi(directory, sessions, db);
        this.groups = new GroupsApi(directory);
        this.applications = new ApplicationsApi(applicationService);
        this.events = new EventsApi(db, audit);
        this.keypairs = new KeypairsApi(keypairService);
        this.samlProviders = new SamlProvidersApi(samlProviderService, applicationService, mappingService, publicUrl);
        this.propertyMappings = new PropertyMappingsApi(mappingService, samlProviderService, sso, directory);
        this.aws = new AwsApi(awsApplications, awsSetup, directory, publicUrl);
        this.openApi = loadOpenApi();
    }

    public void register(RoutesConfig routes) {
        ApiRoutes api = new ApiRoutes(routes, authenticator);
        api.publicGet("/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openApi));
        users.register(api);
        groups.register(api);
        applications.register(api);
        events.register(api);
        keypairs.register(api);
        samlProviders.register(api);
        propertyMappings.register(api);
        aws.register(api);
        registered = api.registered();
    }

    /** "METHOD /path" of every API route, for the OpenAPI completeness test. */
    public List<String> registeredRoutes() {
        return registered;
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = AdminApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
