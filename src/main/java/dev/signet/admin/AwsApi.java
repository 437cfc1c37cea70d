package dev.signet.admin;

import dev.signet.audit.Origin;
import dev.signet.aws.AwsApplication;
import dev.signet.aws.AwsApplicationService;
import dev.signet.aws.AwsPresetInput;
import dev.signet.aws.AwsPresetInput.RoleRuleInput;
import dev.signet.aws.AwsSetup;
import dev.signet.aws.RoleRule;
import dev.signet.aws.iam.IamArtifacts;
import dev.signet.aws.preflight.PreflightReport;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.User;
import dev.signet.errors.NotFoundException;
import dev.signet.saml.SamlEndpoints;
import dev.signet.web.Downloads;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * /api/v1/aws/applications and /api/v1/applications/{id}/aws: the AWS preset, its settings and role
 * mapping, the IAM setup artifacts, the record of what metadata IAM holds, and the preflight.
 */
final class AwsApi {
    private static final Set<String> SETTINGS = Set.of("region", "sessionDuration", "consoleUrl", "providerName", "roles",
            "principalTags", "sourceIdentity", "keypairId", "propertyMappings");
    private static final Set<String> PRESET = union(SETTINGS, Set.of("slug", "name", "description", "accessMode", "groupIds"));
    private static final Set<String> RULE_FIELDS = Set.of("group", "account", "role", "provider");

    private final AwsApplicationService aws;
    private final AwsSetup setup;
    private final DirectoryService directory;
    private final Supplier<String> publicUrl;

    AwsApi(AwsApplicationService aws, AwsSetup setup, DirectoryService directory, Supplier<String> publicUrl) {
        this.aws = aws;
        this.setup = setup;
        this.directory = directory;
        this.publicUrl = publicUrl;
    }

    void register(ApiRoutes api) {
        api.post("/aws/applications", this::create);
        api.get("/applications/{id}/aws", (ctx, origin) -> ctx.json(view(aws.get(Ids.path(ctx, "id", "application")), null)));
        api.patch("/applications/{id}/aws", this::update);
        api.get("/applications/{id}/aws/setup", this::artifacts);
        api.get("/applications/{id}/aws/setup/{file}", this::artifactFile);
        api.post("/applications/{id}/aws/iam-metadata", this::recordIamMetadata);
        api.post("/applications/{id}/aws/preflight", this::preflight);
    }

    private void create(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, PRESET);
        AwsPresetInput in = read(body, true);
        body.finish();
        AwsApplication created = aws.create(in, origin);
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/applications/" + created.applicationId() + "/aws")
                .json(view(created, setup.checkOnSave(created.applicationId(), origin)));
    }

    private void update(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "application");
        JsonBody body = JsonBody.parse(ctx, SETTINGS);
        AwsPresetInput in = read(body, false);
        body.finish();
        AwsApplication changed = aws.update(id, in, origin);
        ctx.json(view(changed, setup.checkOnSave(id, origin)));
    }

    private void artifacts(Context ctx, Origin origin) {
        IamArtifacts a = setup.artifacts(Ids.path(ctx, "id", "application"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metadataFileName", a.metadataFileName());
        out.put("files", a.files().keySet());
        out.put("cliScript", a.cliScript());
        out.put("cliUpdateScript", a.cliUpdateScript());
        out.put("trustPolicies", a.trustPolicies());
        out.put("cloudFormationTemplates", a.cloudFormationTemplates());
        out.put("terraform", a.terraform());
        ctx.json(out);
    }

    /** One artifact as a file to download: the names are listed in the setup answer's "files". */
    private void artifactFile(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "application");
        String name = ctx.pathParam("file");
        String content = setup.artifacts(id).files().get(name);
        if (content == null) {
            throw new NotFoundException("setup file");
        }
        Downloads.attachment(ctx, name, IamArtifacts.contentType(name), content);
    }

    /** Records the metadata IAM holds: the given document, or the current one when none is given. */
    private void recordIamMetadata(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "application");
        JsonBody body = JsonBody.parse(ctx, Set.of("metadata"));
        String metadata = body.string("metadata");
        body.finish();
        ctx.json(view(setup.recordIamMetadata(id, metadata, origin), null));
    }

    private void preflight(Context ctx, Origin origin) {
        UUID id = Ids.path(ctx, "id", "application");
        JsonBody body = JsonBody.parse(ctx, Set.of("userId", "iamMetadata"));
        UUID userId = body.uuid("userId");
        String iamMetadata = body.string("iamMetadata");
        body.finish();
        User user = ChosenUser.of(directory, userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user.username());
        out.putAll(AwsSetup.view(setup.preflight(id, user, iamMetadata, origin)));
        ctx.json(out);
    }

    private Map<String, Object> view(AwsApplication a, PreflightReport checks) {
        var c = setup.configured(a.applicationId()).configured();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applicationId", a.applicationId());
        out.put("slug", c.application().slug());
        out.put("name", c.application().name());
        out.put("region", a.region());
        out.put("partition", a.partition());
        out.put("signInUrl", a.signInUrl());
        out.put("audience", AwsApplication.AUDIENCE);
        out.put("sessionDuration", a.sessionDuration());
        out.put("consoleUrl", c.provider().defaultRelayState());
        out.put("providerName", a.providerName());
        out.put("roles", a.roleRules().stream().map(AwsApi::ruleView).toList());
        out.put("principalTags", a.principalTags());
        out.put("sourceIdentity", a.sourceIdentity());
        out.put("iamMetadataRecordedAt", a.iamMetadataRecordedAt());
        String base = SamlEndpoints.endpointBase(publicUrl.get(), c.application().slug());
        out.put("launchUrl", base + "sso/binding/init");
        out.put("metadataUrl", base + "metadata");
        if (checks != null) {
            out.put("checks", checks.problems());
        }
        return out;
    }

    private static Map<String, Object> ruleView(RoleRule r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", r.groupName());
        out.put("groupId", r.groupId());
        out.put("account", r.accountId());
        out.put("roleArn", r.roleArn());
        out.put("providerArn", r.providerArn());
        out.put("value", r.roleValue());
        return out;
    }

    private static AwsPresetInput read(JsonBody body, boolean preset) {
        List<Map<String, String>> rules = body.stringObjects("roles", RULE_FIELDS);
        Map<String, Object> tags = body.object("principalTags");
        Map<String, String> principalTags = null;
        if (tags != null) {
            principalTags = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : tags.entrySet()) {
                principalTags.put(e.getKey(), e.getValue() instanceof String s ? s : null);
            }
        }
        return new AwsPresetInput(preset ? body.string("slug") : null, preset ? body.string("name") : null,
                preset ? body.string("description") : null, preset ? body.string("accessMode") : null,
                preset ? body.uuids("groupIds") : null, body.isNull("region") ? "" : body.string("region"),
                body.integer("sessionDuration"), body.isNull("consoleUrl") ? "" : body.string("consoleUrl"),
                body.string("providerName"),
                rules == null ? null : rules.stream().map(r -> new RoleRuleInput(r.get("group"), r.get("account"), r.get("role"),
                        r.get("provider"))).toList(),
                principalTags, body.bool("sourceIdentity"), body.uuid("keypairId"), body.strings("propertyMappings"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
