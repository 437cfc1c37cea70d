package dev.signet.admin;

import dev.signet.applications.Application;
import dev.signet.applications.ApplicationService;
import dev.signet.audit.Origin;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.saml.SamlEndpoints;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlProviderInput;
import dev.signet.saml.SamlProviderService;
import dev.signet.web.BadRequestException;
import dev.signet.web.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** /api/v1/applications/{id}/saml: an application's SAML provider, and SP metadata import. */
final class SamlProvidersApi {
    private static final Set<String> FIELDS = Set.of("spEntityId", "acsUrl", "additionalAcsUrls", "acsBinding", "issuer",
            "keypairId", "nextKeypairId", "signAssertion", "signResponse", "signatureAlgorithm", "digestAlgorithm",
            "nameIdFormat", "notBeforeSkewSeconds", "assertionValiditySeconds", "sessionValiditySeconds", "defaultRelayState",
            "spCertificate", "requireSignedRequests", "sloUrl", "sloBinding", "propertyMappings",
            "nameIdMapping");

    private final SamlProviderService providers;
    private final ApplicationService applications;
    private final PropertyMappingService mappings;
    private final Supplier<String> publicUrl;

    SamlProvidersApi(SamlProviderService providers, ApplicationService applications, PropertyMappingService mappings,
                     Supplier<String> publicUrl) {
        this.providers = providers;
        this.applications = applications;
        this.mappings = mappings;
        this.publicUrl = publicUrl;
    }

    void register(ApiRoutes api) {
        api.get("/applications/{id}/saml", (ctx, origin) -> {
            UUID id = Ids.path(ctx, "id", "application");
            ctx.json(view(applications.get(id), providers.get(id)));
        });
        api.put("/applications/{id}/saml", (ctx, origin) -> save(ctx, origin, false));
        api.patch("/applications/{id}/saml", (ctx, origin) -> save(ctx, origin, true));
        api.delete("/applications/{id}/saml", (ctx, origin) -> {
            providers.delete(Ids.path(ctx, "id", "application"), origin);
            ctx.status(204);
        });
        api.post("/applications/{id}/saml/import-metadata", this::importMetadata);
    }

    private void save(Context ctx, Origin origin, boolean keepUnset) {
        UUID id = Ids.path(ctx, "id", "application");
        JsonBody body = JsonBody.parse(ctx, FIELDS);
        SamlProviderInput in = read(body);
        body.finish();
        boolean existed = providers.find(id).isPresent();
        SamlProvider saved = providers.save(id, in, keepUnset, origin);
        ctx.status(existed ? 200 : 201).json(view(applications.get(id), saved));
    }

    /** Fills the provider from the SP's metadata: pasted XML ({@code metadata}) or fetched ({@code url}). */
    private void importMetadata(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "application");
        JsonBody body = JsonBody.parse(ctx, Set.of("metadata", "url", "entityId"));
        String metadata = body.string("metadata");
        String url = body.string("url");
        String entityId = body.string("entityId");
        body.finish();
        if ((metadata == null || metadata.isBlank()) == (url == null || url.isBlank())) {
            throw new BadRequestException("Give either the metadata XML ('metadata') or its address ('url').");
        }
        byte[] xml = metadata != null && !metadata.isBlank() ? metadata.getBytes(StandardCharsets.UTF_8) : providers.fetchMetadata(url);
        boolean existed = providers.find(id).isPresent();
        SamlProvider saved = providers.importMetadata(id, xml, entityId == null || entityId.isBlank() ? null : entityId, origin);
        ctx.status(existed ? 200 : 201).json(view(applications.get(id), saved));
    }

    /**
     * The provider as stored, its mappings by name (the form PUT takes back), and the endpoints an
     * admin copies into the SP.
     */
    Map<String, Object> view(Application app, SamlProvider p) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Json.MAPPER.convertValue(p, LinkedHashMap.class);
        out.put("propertyMappings", p.propertyMappingIds().stream().map(mappings::cached).flatMap(java.util.Optional::stream)
                .map(PropertyMapping::name).toList());
        out.put("nameIdMapping", p.nameIdMappingId() == null ? null
                : mappings.cached(p.nameIdMappingId()).map(PropertyMapping::name).orElse(null));
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("entityId", p.effectiveIssuer(publicUrl.get(), app.slug()));
        endpoints.putAll(SamlEndpoints.addresses(publicUrl.get(), app.slug()));
        out.put("endpoints", endpoints);
        return out;
    }

    private static SamlProviderInput read(JsonBody body) {
        return new SamlProviderInput(body.string("spEntityId"), body.string("acsUrl"), body.strings("additionalAcsUrls"),
                body.string("acsBinding"), body.string("issuer"), body.uuid("keypairId"),
                body.isNull("nextKeypairId") ? SamlProviderService.CLEAR : body.uuid("nextKeypairId"),
                body.bool("signAssertion"), body.bool("signResponse"), body.string("signatureAlgorithm"),
                body.string("digestAlgorithm"), body.string("nameIdFormat"), body.integer("notBeforeSkewSeconds"),
                body.integer("assertionValiditySeconds"), body.integer("sessionValiditySeconds"),
                body.string("defaultRelayState"), body.string("spCertificate"), body.bool("requireSignedRequests"),
                body.string("sloUrl"), body.string("sloBinding"), body.strings("propertyMappings"),
                body.isNull("nameIdMapping") ? "" : body.string("nameIdMapping"));
    }
}
