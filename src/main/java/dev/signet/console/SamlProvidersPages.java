package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.applications.Application;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.InvalidInputException.FieldError;
import dev.signet.errors.NotFoundException;
import dev.signet.keys.Keypair;
import dev.signet.mappings.PropertyMapping;
import dev.signet.saml.IdpMetadata;
import dev.signet.saml.SamlEndpoints;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.storage.PageRequest;
import dev.signet.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * /admin/saml-providers (the applications that speak SAML) and each application's SAML provider at
 * /admin/applications/{id}/saml: every setting, the IdP metadata to give the SP, and deletion. SP
 * metadata import is {@link SamlMetadataImport}.
 */
public final class SamlProvidersPages {
    static final String LIST = "/admin/saml-providers";
    private static final Map<String, String> NOTICES = Map.of(
            "saved", "SAML provider saved.",
            "imported", "Settings imported from the SP's metadata. Check them below.",
            "deleted", "SAML provider deleted.");

    private final Console console;
    private final ConsoleServices services;

    SamlProvidersPages(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    static String href(UUID applicationId) {
        return ApplicationsPages.BASE + "/" + applicationId + "/saml";
    }

    void register(RoutesConfig routes) {
        routes.get(LIST, this::list);
        routes.get(LIST + "/new", ctx -> {
            UUID id = Ids.parseOrNull(ctx.queryParam("application"));
            if (id == null) {
                throw new NotFoundException("application");
            }
            ctx.redirect(href(services.applications().get(id).id()), HttpStatus.SEE_OTHER);
        });
        routes.get(ApplicationsPages.BASE + "/{id}/saml", ctx -> {
            Application app = application(ctx);
            Optional<SamlProvider> p = services.samlProviders().find(app.id());
            show(ctx, 200, app, FormState.of(SamlProviderForm.values(p.orElseGet(() -> services.samlProviders().defaults(app.id())))),
                    FormState.empty());
        });
        routes.post(ApplicationsPages.BASE + "/{id}/saml", this::save);
        routes.get(ApplicationsPages.BASE + "/{id}/saml/delete", this::confirmDelete);
        routes.post(ApplicationsPages.BASE + "/{id}/saml/delete", ctx -> {
            services.samlProviders().delete(application(ctx).id(), console.origin(ctx));
            console.done(ctx, LIST, "deleted");
        });
    }

    private void list(Context ctx) {
        List<Configured> configured = services.samlProviders().all();
        Map<UUID, String> keypairNames = services.keypairs().list().stream().collect(Collectors.toMap(Keypair::id, Keypair::name));
        List<ProviderRow> rows = configured.stream().map(c -> new ProviderRow(c.application(), c.provider(),
                keypairNames.getOrDefault(c.provider().keypairId(), "?"),
                services.awsApplications().find(c.application().id()).isPresent())).toList();
        Set<UUID> withProvider = configured.stream().map(c -> c.application().id()).collect(Collectors.toSet());
        List<Option> without = services.applications().list(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items().stream()
                .filter(a -> !withProvider.contains(a.id()))
                .map(a -> new Option(a.id().toString(), a.name() + " (" + a.slug() + ")")).toList();
        console.render(ctx, 200, "admin/saml/list.jte", new ProviderList(
                console.chrome(ctx, "SAML providers", Section.SAML_PROVIDERS, NOTICES), rows, without));
    }

    private void save(Context ctx) {
        Application app = application(ctx);
        Form form = Form.of(ctx);
        var in = SamlProviderForm.read(form);
        try {
            form.throwIfInvalid();
            // Fields the form lacks (the next keypair of a rotation) keep their stored values.
            services.samlProviders().save(app.id(), in, true, console.origin(ctx));
            console.done(ctx, href(app.id()), "saved");
        } catch (InvalidInputException e) {
            show(ctx, 400, app, form.refused(onFormFields(e)), FormState.empty());
        }
    }

    /** The service names a bad mapping by its position ("propertyMappings[2]"); the form shows it on the group. */
    private static InvalidInputException onFormFields(InvalidInputException e) {
        return new InvalidInputException(e.errors().stream()
                .map(err -> err.field().startsWith("propertyMappings[") ? new FieldError("propertyMappings", err.message()) : err)
                .toList());
    }

    private void confirmDelete(Context ctx) {
        Application app = application(ctx);
        services.samlProviders().get(app.id());
        console.confirm(ctx, Section.SAML_PROVIDERS, "Delete the SAML provider of " + app.name() + "?",
                "Signet stops answering SAML requests for " + app.name() + " and its IdP metadata address stops working;"
                        + " the SP's users can no longer sign in through Signet. The application itself stays."
                        + " This cannot be undone.",
                href(app.id()) + "/delete", "Delete SAML provider", href(app.id()));
    }

    /** The provider page with the settings form and the import forms in the given states. */
    void show(Context ctx, int status, Application app, FormState settings, FormState importForm) {
        Optional<SamlProvider> provider = services.samlProviders().find(app.id());
        List<Keypair> keypairs = services.keypairs().list();
        List<Option> keypairOptions = keypairs.stream().map(k -> new Option(k.id().toString(), k.name() + " — " + k.keyType().wire()
                + ", valid until " + Views.time(k.notAfter()))).toList();
        Keypair next = provider.map(SamlProvider::nextKeypairId).flatMap(id -> keypairs.stream().filter(k -> k.id().equals(id)).findFirst())
                .orElse(null);
        List<PropertyMapping> all = services.propertyMappings().list(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items();
        List<Option> nameIdMappings = new ArrayList<>();
        nameIdMappings.add(new Option("", "None: the NameID format decides"));
        all.forEach(m -> nameIdMappings.add(new Option(m.id().toString(), m.name())));
        IdpPanel idp = provider.map(p -> idpPanel(app, p)).orElse(null);
        String title = "SAML provider of " + app.name();
        console.render(ctx, status, "admin/saml/provider.jte", new ProviderPage(
                console.chrome(ctx, title, Section.SAML_PROVIDERS, NOTICES), app, provider.isPresent(), settings, importForm,
                keypairOptions, next, mappingChoices(all, settings), nameIdMappings, idp,
                services.awsApplications().find(app.id()).isPresent()));
    }

    private IdpPanel idpPanel(Application app, SamlProvider p) {
        String publicUrl = services.publicUrl().get();
        byte[] xml = IdpMetadata.forProvider(new Configured(app, p), services.keypairs(), publicUrl);
        Map<String, String> addresses = SamlEndpoints.addresses(publicUrl, app.slug());
        return new IdpPanel(p.effectiveIssuer(publicUrl, app.slug()), addresses.get("metadata"),
                "/application/saml/" + app.slug() + "/metadata?download", new String(xml, StandardCharsets.UTF_8), addresses);
    }

    /** Every mapping, the chosen ones first in the order they are sent, then the others by name. */
    private static List<MappingChoice> mappingChoices(List<PropertyMapping> all, FormState settings) {
        Map<String, PropertyMapping> byId = all.stream().collect(Collectors.toMap(m -> m.id().toString(), Function.identity()));
        List<String> chosen = settings.value("propertyMappings").lines().filter(byId::containsKey).distinct().toList();
        List<MappingChoice> out = new ArrayList<>();
        chosen.forEach(id -> out.add(MappingChoice.of(byId.get(id), true)));
        all.stream().filter(m -> !chosen.contains(m.id().toString()))
                .sorted(Comparator.comparing((PropertyMapping m) -> m.name().toLowerCase(java.util.Locale.ROOT)))
                .forEach(m -> out.add(MappingChoice.of(m, false)));
        return out;
    }

    private Application application(Context ctx) {
        return services.applications().get(Ids.path(ctx, "id", "application"));
    }

    /** The list of SAML providers, and the applications that could get one. */
    public record ProviderList(AdminChrome chrome, List<ProviderRow> rows, List<Option> applicationsWithout) {
    }

    /** One application with its provider, the name of its signing keypair and whether it is an AWS application. */
    public record ProviderRow(Application application, SamlProvider provider, String keypairName, boolean aws) {
        public String href() {
            return SamlProvidersPages.href(application.id());
        }
    }

    /** The provider page: settings form, import forms, and (once configured) the IdP metadata. */
    public record ProviderPage(AdminChrome chrome, Application application, boolean configured, FormState settings,
                               FormState importForm, List<Option> keypairs, Keypair nextKeypair, List<MappingChoice> mappings,
                               List<Option> nameIdMappings, IdpPanel idp, boolean aws) {
        public String action() {
            return SamlProvidersPages.href(application.id());
        }

        public List<Option> bindings() {
            return SamlProviderForm.BINDINGS;
        }

        public List<Option> sloBindings() {
            return SamlProviderForm.SLO_BINDINGS;
        }

        public List<Option> signatureAlgorithms() {
            return SamlProviderForm.SIGNATURE_ALGORITHMS;
        }

        public List<Option> digestAlgorithms() {
            return SamlProviderForm.DIGEST_ALGORITHMS;
        }

        public List<Option> nameIdFormats() {
            return SamlProviderForm.NAME_ID_FORMATS;
        }
    }

    /** A property mapping as a checkbox of the provider form. */
    public record MappingChoice(String id, String name, String samlName, boolean builtIn, boolean selected) {
        static MappingChoice of(PropertyMapping m, boolean selected) {
            return new MappingChoice(m.id().toString(), m.name(), m.samlName(), m.builtIn(), selected);
        }
    }

    /** What the administrator gives the SP: entity ID, metadata address and document, and the endpoint addresses. */
    public record IdpPanel(String entityId, String metadataUrl, String downloadHref, String xml, Map<String, String> addresses) {
        private static final Map<String, String> LABELS = Map.of(
                "ssoInitiate", "IdP-initiated sign-in",
                "ssoRedirect", "SSO (HTTP-Redirect)",
                "ssoPost", "SSO (HTTP-POST)",
                "sloRedirect", "Logout (HTTP-Redirect)",
                "sloPost", "Logout (HTTP-POST)");

        /** The endpoint addresses other than the metadata's, labelled. */
        public Map<String, String> endpoints() {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            addresses.forEach((key, url) -> {
                if (LABELS.containsKey(key)) {
                    out.put(LABELS.get(key), url);
                }
            });
            return out;
        }
    }
}
