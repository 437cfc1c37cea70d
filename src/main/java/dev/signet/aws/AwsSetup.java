package dev.signet.aws;

import dev.signet.aws.iam.IamArtifacts;
import dev.signet.aws.iam.IamSetup;
import dev.signet.aws.iam.RoleTarget;
import dev.signet.aws.preflight.AwsPreflight;
import dev.signet.aws.preflight.PreflightInput;
import dev.signet.aws.preflight.PreflightReport;
import dev.signet.aws.preflight.RuleResult;
import dev.signet.aws.preflight.Status;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.audit.Origin;
import dev.signet.keys.KeypairService;
import dev.signet.mappings.BuiltInMappings;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.mappings.AttributeStatement.MappingFailed;
import dev.signet.saml.IdpMetadata;
import dev.signet.saml.OutboundMessage;
import dev.signet.saml.SamlErrors.PageError;
import dev.signet.saml.SamlProviderService;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.saml.SingleSignOn;
import dev.signet.errors.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What an admin needs around an AWS application: the IAM setup artifacts (metadata, CLI commands,
 * trust policies, CloudFormation, Terraform) and the preflight, which builds the response a user
 * would get, exactly as at sign-in but without sending it, and checks it against AWS's rules.
 */
public final class AwsSetup {
    private final AwsApplicationService awsApplications;
    private final SamlProviderService providers;
    private final PropertyMappingService mappings;
    private final SingleSignOn sso;
    private final KeypairService keypairs;
    private final Supplier<String> publicUrl;
    private final Clock clock;

    public AwsSetup(AwsApplicationService awsApplications, SamlProviderService providers, PropertyMappingService mappings,
                    SingleSignOn sso, KeypairService keypairs, Supplier<String> publicUrl, Clock clock) {
        this.awsApplications = awsApplications;
        this.providers = providers;
        this.mappings = mappings;
        this.sso = sso;
        this.keypairs = keypairs;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** The application, its provider and its AWS settings. */
    public record AwsConfigured(Configured configured, AwsApplication aws) {
    }

    public AwsConfigured configured(UUID applicationId) {
        AwsApplication aws = awsApplications.get(applicationId);
        Configured c = providers.byApplicationId(applicationId).orElseThrow(() -> new NotFoundException("SAML provider"));
        return new AwsConfigured(c, aws);
    }

    /** The IdP metadata this application publishes now (what to upload to IAM). */
    public String currentMetadata(Configured c) {
        return new String(IdpMetadata.forProvider(c, keypairs, publicUrl.get()), StandardCharsets.UTF_8);
    }

    /** Records the metadata IAM holds: the given document, or the current one when none is given (just uploaded). */
    public AwsApplication recordIamMetadata(UUID applicationId, String metadata, Origin origin) {
        String held = metadata == null || metadata.isBlank() ? currentMetadata(configured(applicationId).configured()) : metadata;
        return awsApplications.recordIamMetadata(applicationId, held, origin);
    }

    public IamArtifacts artifacts(UUID applicationId) {
        AwsConfigured ac = configured(applicationId);
        Set<String> sent = sentSamlNames(ac.configured());
        boolean tags = sent.stream().anyMatch(n -> n.startsWith(BuiltInMappings.AWS_PREFIX + "PrincipalTag:"));
        boolean sourceIdentity = sent.contains(BuiltInMappings.AWS_SOURCE_IDENTITY.samlName());
        // Several rules may name one role (other groups, other providers): the artifacts group them by role.
        List<RoleTarget> roles = ac.aws().roleRules().stream().map(RoleRule::target).toList();
        return IamArtifacts.of(new IamSetup(ac.configured().application().slug(), currentMetadata(ac.configured()),
                ac.aws().signInUrl(), roles, tags, sourceIdentity, ac.aws().sessionDuration()));
    }

    private Set<String> sentSamlNames(Configured c) {
        Set<String> names = new LinkedHashSet<>();
        for (PropertyMapping m : mappings.forSignIn(c.provider().propertyMappingIds())) {
            names.add(m.samlName());
        }
        return names;
    }

    /**
     * "Test sign-in as user X": the response that would be posted for the user, checked against
     * AWS's rules and the metadata AWS holds ({@code iamMetadata}, else the one recorded for the
     * application, else the current one with a warning that Signet does not know what AWS holds).
     */
    public PreflightReport preflight(UUID applicationId, User user, String iamMetadata, Origin origin) {
        AwsConfigured ac = configured(applicationId);
        return check(ac, iamMetadata, () -> sso.preview(ac.configured(), user, null, true, origin));
    }

    /**
     * The checks that run when an AWS application is saved: the response for a sample user who is in
     * every mapped group (so every Role value is produced), reported as warnings.
     */
    public PreflightReport checkOnSave(UUID applicationId, Origin origin) {
        AwsConfigured ac = configured(applicationId);
        User sample = new User(new UUID(0, 1), "preflight.sample", "preflight.sample@example.com", "Preflight Sample", true, false,
                Map.of(), Instant.EPOCH, Instant.EPOCH, null);
        List<Group> everyMappedGroup = ac.aws().roleRules().stream()
                .map(r -> new Group(r.groupId(), r.groupName(), Map.of(), null, Instant.EPOCH, Instant.EPOCH)).distinct().toList();
        return check(ac, null, () -> sso.preview(ac.configured(), sample, () -> everyMappedGroup, false, origin));
    }

    private PreflightReport check(AwsConfigured ac, String iamMetadata, Supplier<OutboundMessage> build) {
        List<RuleResult> extra = new ArrayList<>();
        String current = currentMetadata(ac.configured());
        String held = iamMetadata != null && !iamMetadata.isBlank() ? iamMetadata : ac.aws().iamMetadata();
        if (held == null) {
            extra.add(new RuleResult("iam-metadata-recorded", "Metadata uploaded to AWS is known", Status.WARNING,
                    "No upload to the IAM SAML provider has been recorded, so the check uses the current metadata.",
                    "After uploading the metadata (aws iam create-saml-provider or update-saml-provider), record it (the"
                            + " console's setup page, \"Record the metadata IAM holds\", or POST /api/v1/applications/{id}/aws/iam-metadata)"
                            + " so that a certificate AWS does not have is caught."));
            held = current;
        }
        OutboundMessage message;
        try {
            message = build.get();
        } catch (PageError e) {
            return combined(extra, List.of(new RuleResult("sign-in-possible", "The user can sign in", Status.FAIL,
                    e.getMessage(), fixFor(e))));
        } catch (MappingFailed e) {
            return combined(extra, List.of(new RuleResult("mappings-evaluate", "Every property mapping evaluates",
                    Status.FAIL, "The mapping '" + e.mapping().name() + "' failed: " + e.getMessage(),
                    "Correct the mapping's expression; test it with POST /api/v1/property-mappings/{id}/test.")));
        }
        PreflightReport report = new AwsPreflight(clock).check(new PreflightInput(message.value(), message.url(), held, current,
                ac.aws().roleRules().stream().map(RoleRule::roleValue).collect(java.util.stream.Collectors.toSet()), true));
        return combined(extra, report.results());
    }

    private static PreflightReport combined(List<RuleResult> first, List<RuleResult> rest) {
        List<RuleResult> all = new ArrayList<>(first);
        all.addAll(rest);
        return new PreflightReport(List.copyOf(all));
    }

    private static String fixFor(PageError e) {
        return switch (e.reason()) {
            case "no-aws-role" -> "Add one of the user's groups to the application's role mapping.";
            case "no-access" -> "Allow the user in the application's access rules.";
            case "no-email" -> "Give the user an e-mail address, or choose another NameID format.";
            default -> "Correct the setting the message names.";
        };
    }

    /** A report as JSON-friendly maps. */
    public static Map<String, Object> view(PreflightReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passed", report.passed());
        out.put("worst", report.worst());
        out.put("results", report.results());
        return out;
    }
}
