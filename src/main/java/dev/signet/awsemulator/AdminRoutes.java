package dev.signet.awsemulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON API for tests and scripts to set up and inspect the emulated IAM state without SigV4 or the
 * query protocol. Errors are {@code {"error": "...", "code": "..."}} with a 4xx status.
 */
final class AdminRoutes {
    static final String PREFIX = "/emulator";

    private final IamState iam;
    private final ReplayCache replay;

    AdminRoutes(IamState iam, ReplayCache replay) {
        this.iam = iam;
        this.replay = replay;
    }

    void register(RoutesConfig routes) {
        routes.put(PREFIX + "/accounts/{account}/saml-providers/{name}", this::putSamlProvider);
        routes.put(PREFIX + "/accounts/{account}/roles/{name}", this::putRole);
        routes.get(PREFIX + "/state", ctx -> json(ctx, 200, iam.snapshot()));
        routes.delete(PREFIX + "/state", ctx -> {
            iam.reset();
            replay.reset();
            ctx.status(204);
        });
    }

    private void putSamlProvider(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.startsWith("application/xml") && !type.startsWith("text/xml")) {
            throw AwsError.VALIDATION_ERROR.with("Send the metadata XML with Content-Type application/xml or text/xml.");
        }
        IamState.Put<SamlProviderEntry> put = iam.putSamlProvider(ctx.pathParam("account"), ctx.pathParam("name"), ctx.body());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arn", put.value().arn().toString());
        out.put("entityId", put.value().metadata().entityId());
        out.put("signingCertificates", put.value().metadata().signingCertificates().size());
        json(ctx, put.created() ? 201 : 200, out);
    }

    private void putRole(Context ctx) {
        JsonNode body;
        try {
            body = EmulatorJson.MAPPER.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw AwsError.VALIDATION_ERROR.with("The body is not JSON: expected {\"trustPolicy\": {...}, \"maxSessionDuration\": 3600}.");
        }
        if (body == null || !body.isObject() || !body.path("trustPolicy").isObject()) {
            throw AwsError.VALIDATION_ERROR.with("The body needs a trustPolicy object: {\"trustPolicy\": {...}, \"maxSessionDuration\": 3600}.");
        }
        JsonNode max = body.path("maxSessionDuration");
        if (!max.isMissingNode() && !max.isNull() && !max.canConvertToExactIntegral()) {
            throw AwsError.VALIDATION_ERROR.with("maxSessionDuration must be a whole number of seconds.");
        }
        Integer maxSeconds = max.isMissingNode() || max.isNull() ? null : max.asInt();
        String path = body.path("path").isTextual() ? body.path("path").asText() : null;
        IamState.Put<IamRole> put = iam.putRole(ctx.pathParam("account"), path, ctx.pathParam("name"), body.get("trustPolicy"), maxSeconds);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("arn", put.value().arn().toString());
        out.put("roleId", put.value().roleId());
        out.put("maxSessionDuration", put.value().maxSessionDurationSeconds());
        json(ctx, put.created() ? 201 : 200, out);
    }

    /** Admin API errors as JSON; the status is the AWS error's (400 for invalid input). */
    static void error(Context ctx, AwsException e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", e.getMessage());
        out.put("code", e.error().code());
        json(ctx, e.error().httpStatus(), out);
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(EmulatorJson.write(body));
    }
}
