package dev.signet.admin;

import dev.signet.audit.Origin;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.User;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingInput;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.mappings.AttributeStatement.MappingFailed;
import dev.signet.saml.SamlProviderService;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.saml.SingleSignOn;
import dev.signet.saml.SingleSignOn.MappingTrial;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * /api/v1/property-mappings: CEL property mappings, an expression check for editors, and the "test
 * for user" evaluations of one mapping or of a whole provider's attribute statement.
 */
final class PropertyMappingsApi {
    private static final Set<String> FIELDS = Set.of("name", "samlName", "friendlyName", "nameFormat", "expression", "description");

    private final PropertyMappingService mappings;
    private final SamlProviderService providers;
    private final SingleSignOn sso;
    private final DirectoryService directory;

    PropertyMappingsApi(PropertyMappingService mappings, SamlProviderService providers, SingleSignOn sso, DirectoryService directory) {
        this.mappings = mappings;
        this.providers = providers;
        this.sso = sso;
        this.directory = directory;
    }

    void register(ApiRoutes api) {
        api.get("/property-mappings", (ctx, origin) -> ctx.json(Paging.envelope(mappings.list(Paging.from(ctx)), this::view)));
        api.post("/property-mappings", this::create);
        api.post("/property-mappings/check", this::checkExpression);
        api.get("/property-mappings/{id}", (ctx, origin) -> ctx.json(view(mappings.get(Ids.path(ctx, "id", "property mapping")))));
        api.patch("/property-mappings/{id}", (ctx, origin) -> {
            UUID id = Ids.path(ctx, "id", "property mapping");
            JsonBody body = JsonBody.parse(ctx, FIELDS);
            PropertyMappingInput in = read(body);
            body.finish();
            ctx.json(view(mappings.update(id, in, origin)));
        });
        api.delete("/property-mappings/{id}", (ctx, origin) -> {
            mappings.delete(Ids.path(ctx, "id", "property mapping"), origin);
            ctx.status(204);
        });
        api.post("/property-mappings/{id}/test", this::testMapping);
        api.post("/applications/{id}/saml/test-attributes", this::testStatement);
    }

    private void create(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, FIELDS);
        PropertyMappingInput in = read(body);
        body.finish();
        PropertyMapping created = mappings.create(in, origin);
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/property-mappings/" + created.id()).json(view(created));
    }

    /** Compiles an expression without saving: {"valid": true} or {"valid": false, "error": "..."}. */
    private void checkExpression(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, Set.of("expression"));
        String expression = body.string("expression");
        body.finish();
        String problem = mappings.checkExpression(expression);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", problem == null);
        out.put("error", problem);
        ctx.json(out);
    }

    /** One mapping for one user, optionally in an application's context: the values or the error. */
    private void testMapping(Context ctx, Origin origin) {
        PropertyMapping m = mappings.get(Ids.path(ctx, "id", "property mapping"));
        JsonBody body = JsonBody.parse(ctx, Set.of("userId", "applicationId"));
        UUID userId = body.uuid("userId");
        UUID applicationId = body.uuid("applicationId");
        body.finish();
        User user = ChosenUser.of(directory, userId);
        Configured c = applicationId == null ? null : providers.chosenForTest(applicationId);
        MappingTrial trial = sso.tryMapping(m, user, c, origin);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mapping", m.name());
        out.put("samlName", m.samlName());
        out.put("values", trial.values());
        out.put("error", trial.error());
        ctx.json(out);
    }

    /** The attribute statement an application's provider would send the user, or the first error. */
    private void testStatement(Context ctx, Origin origin) {
        UUID applicationId = Ids.path(ctx, "id", "application");
        JsonBody body = JsonBody.parse(ctx, Set.of("userId"));
        UUID userId = body.uuid("userId");
        body.finish();
        User user = ChosenUser.of(directory, userId);
        Configured c = providers.byApplicationId(applicationId).orElseThrow(() -> new dev.signet.errors.NotFoundException("SAML provider"));
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("attributes", sso.previewAttributes(c, user, origin));
            out.put("error", null);
            out.put("mapping", null);
        } catch (MappingFailed e) {
            out.put("attributes", null);
            out.put("error", e.getMessage());
            out.put("mapping", e.mapping().name());
        }
        ctx.json(out);
    }

    private Map<String, Object> view(PropertyMapping m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("name", m.name());
        out.put("builtIn", m.builtIn());
        out.put("samlName", m.samlName());
        out.put("friendlyName", m.friendlyName());
        out.put("nameFormat", m.nameFormat());
        out.put("expression", m.expression());
        out.put("description", m.description());
        out.put("createdAt", m.createdAt());
        out.put("updatedAt", m.updatedAt());
        return out;
    }

    private static PropertyMappingInput read(JsonBody body) {
        return new PropertyMappingInput(body.string("name"), body.string("samlName"), body.string("friendlyName"),
                body.string("nameFormat"), body.string("expression"), body.string("description"));
    }
}
