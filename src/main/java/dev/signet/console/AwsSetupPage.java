package dev.signet.console;

import dev.signet.admin.ChosenUser;
import dev.signet.applications.Application;
import dev.signet.aws.AwsApplication;
import dev.signet.aws.iam.IamArtifacts;
import dev.signet.aws.preflight.PreflightReport;
import dev.signet.aws.preflight.RuleResult;
import dev.signet.aws.preflight.Status;
import dev.signet.directory.User;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import dev.signet.saml.SamlEndpoints;
import dev.signet.storage.PageRequest;
import dev.signet.web.Downloads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /admin/aws/{id}: the IAM side of an AWS application in the order it is done (metadata, IAM
 * commands, trust policies, CloudFormation or Terraform, recording what IAM holds), the checks made
 * when the settings were saved, and the preflight for a chosen user (/admin/aws/{id}/preflight).
 */
public final class AwsSetupPage {
    private static final Map<String, String> NOTICES = Map.of(
            "created", "AWS application created. Set up IAM with the steps below, then run the preflight.",
            "updated", "AWS settings saved. If the role mapping changed, apply the IAM steps again.",
            "recorded", "Recorded the metadata IAM holds; the preflight now checks against it.");
    /** Far more than any metadata document (a few certificates); a bigger upload is a mistake. */
    private static final int MAX_METADATA_BYTES = 1_000_000;
    private static final String METADATA = "metadata";
    private static final String METADATA_FILE = "metadataFile";
    private static final String USER = "userId";

    private final Console console;
    private final ConsoleServices services;

    AwsSetupPage(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/aws/{id}", ctx -> show(ctx, 200, FormState.empty()));
        routes.get("/admin/aws/{id}/files/{file}", this::download);
        routes.post("/admin/aws/{id}/iam-metadata", this::recordIamMetadata);
        routes.get("/admin/aws/{id}/preflight", ctx -> showPreflight(ctx, 200, FormState.empty(), null, null));
        routes.post("/admin/aws/{id}/preflight", this::runPreflight);
    }

    private void show(Context ctx, int status, FormState metadataForm) {
        UUID id = AwsPages.applicationId(ctx);
        AwsApplication aws = services.awsApplications().get(id);
        Application app = services.applications().get(id);
        String endpoints = SamlEndpoints.endpointBase(services.publicUrl().get(), app.slug());
        PreflightReport checks = services.awsSetup().checkOnSave(id, console.origin(ctx));
        console.render(ctx, status, "admin/aws/setup.jte", new Setup(console.chrome(ctx, app.name(), Section.AWS, NOTICES), app, aws,
                services.samlProviders().get(id).defaultRelayState(), endpoints + "sso/binding/init", endpoints + "metadata",
                services.awsSetup().artifacts(id), checks.problems(), users(), metadataForm));
    }

    /** One setup artifact as a file: attachment, a name from the artifacts' own list, the artifact's media type. */
    private void download(Context ctx) {
        UUID id = AwsPages.applicationId(ctx);
        String name = ctx.pathParam("file");
        String content = services.awsSetup().artifacts(id).files().get(name);
        if (content == null) {
            throw new NotFoundException("setup file");
        }
        Downloads.attachment(ctx, name, IamArtifacts.contentType(name), content);
    }

    /** Step 5: what IAM now holds, pasted or uploaded; neither means the current metadata (just uploaded from step 1). */
    private void recordIamMetadata(Context ctx) {
        UUID id = AwsPages.applicationId(ctx);
        Form form = Form.of(ctx);
        String pasted = form.optionalText(METADATA);
        String uploaded = Uploads.text(ctx, form, METADATA_FILE, MAX_METADATA_BYTES);
        try {
            form.throwIfInvalid();
            services.awsSetup().recordIamMetadata(id, uploaded != null ? uploaded : pasted, console.origin(ctx));
            console.done(ctx, AwsPages.setupPath(id) + "#record", "recorded");
        } catch (InvalidInputException e) {
            show(ctx, 400, form.refused(e));
        }
    }

    private void runPreflight(Context ctx) {
        Form form = Form.of(ctx);
        UUID userId = form.id(USER);
        try {
            form.throwIfInvalid();
            User user = ChosenUser.of(services.directory(), userId);
            UUID id = AwsPages.applicationId(ctx);
            PreflightReport report = services.awsSetup().preflight(id, user, null, console.origin(ctx));
            showPreflight(ctx, 200, FormState.of(form.sent()), user, report);
        } catch (InvalidInputException e) {
            showPreflight(ctx, 400, form.refused(e), null, null);
        }
    }

    private void showPreflight(Context ctx, int status, FormState form, User user, PreflightReport report) {
        UUID id = AwsPages.applicationId(ctx);
        services.awsApplications().get(id);
        Application app = services.applications().get(id);
        console.render(ctx, status, "admin/aws/preflight.jte", new Preflight(console.chrome(ctx, "Preflight: " + app.name(), Section.AWS),
                app, form, users(), user, report));
    }

    private List<Option> users() {
        List<Option> users = new ArrayList<>();
        users.add(new Option("", "Choose a user"));
        for (User u : services.directory().listUsers(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items()) {
            users.add(new Option(u.id().toString(), u.displayName() == null ? u.username() : u.username() + " (" + u.displayName() + ")"));
        }
        return users;
    }

    /** The CSS class of a rule's badge. */
    static String badge(Status status) {
        return switch (status) {
            case PASS -> "pass";
            case WARNING -> "warn";
            case FAIL -> "fail";
        };
    }

    /** A generated file shown on the page: a heading, its text (for the Copy button's element), and its download link. */
    public record Artifact(String title, String elementId, String fileName, String href, String content) {
    }

    /** The setup page's data. */
    public record Setup(AdminChrome chrome, Application application, AwsApplication aws, String consoleUrl, String launchUrl,
                        String metadataUrl, IamArtifacts artifacts, List<RuleResult> checks, List<Option> users,
                        FormState metadataForm) {
        public String path() {
            return AwsPages.setupPath(application.id());
        }

        public String fileHref(String fileName) {
            return path() + "/files/" + fileName;
        }

        public Artifact metadataFile() {
            return artifact("IdP metadata", "idp-metadata", artifacts.metadataFileName(), artifacts.metadataXml());
        }

        public Artifact cliScript() {
            return artifact("IAM commands", "setup-iam", "setup-iam.sh", artifacts.cliScript());
        }

        public Artifact updateScript() {
            return artifact("Metadata update commands", "update-saml-provider", "update-saml-provider.sh", artifacts.cliUpdateScript());
        }

        public Artifact terraform() {
            return artifact("Terraform configuration", "terraform", "main.tf", artifacts.terraform());
        }

        public List<Artifact> trustPolicies() {
            List<Artifact> out = new ArrayList<>();
            artifacts.trustPolicies().forEach((roleArn, policy) -> out.add(artifact("Trust policy of " + roleArn, "trust-policy-" + out.size(),
                    IamArtifacts.trustPolicyFileName(roleArn), policy)));
            return out;
        }

        public List<Artifact> cloudFormationTemplates() {
            List<Artifact> out = new ArrayList<>();
            artifacts.cloudFormationTemplates().forEach((account, template) -> out.add(artifact("CloudFormation template for account " + account,
                    "cloudformation-" + out.size(), IamArtifacts.cloudFormationFileName(account), template)));
            return out;
        }

        private Artifact artifact(String title, String elementId, String fileName, String content) {
            return new Artifact(title, elementId, fileName, fileHref(fileName), content);
        }

        public String signInUrl() {
            return aws.signInUrl();
        }

        public String badge(RuleResult r) {
            return AwsSetupPage.badge(r.status());
        }
    }

    /** The preflight page's data: the chosen user and their report, once run. */
    public record Preflight(AdminChrome chrome, Application application, FormState form, List<Option> users, User user,
                            PreflightReport report) {
        public String path() {
            return AwsPages.setupPath(application.id());
        }

        public String badge(RuleResult r) {
            return AwsSetupPage.badge(r.status());
        }

        public long count(Status status) {
            return report.results().stream().filter(r -> r.status() == status).count();
        }
    }
}
