package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.applications.Application;
import dev.signet.aws.AwsApplication;
import dev.signet.aws.RoleRule;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The console's AWS section: /admin/aws lists the AWS applications; the wizard ({@link AwsWizardPage})
 * creates and edits them; the setup page ({@link AwsSetupPage}) walks through the IAM side and runs the preflight.
 */
public final class AwsPages {
    private static final Map<String, String> NOTICES = Map.of();

    private final Console console;
    private final ConsoleServices services;
    private final AwsWizardPage wizard;
    private final AwsSetupPage setup;

    AwsPages(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
        this.wizard = new AwsWizardPage(console, services);
        this.setup = new AwsSetupPage(console, services);
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/aws", this::list);
        wizard.register(routes);
        setup.register(routes);
    }

    private void list(Context ctx) {
        List<Listed> listed = services.awsApplications().list().stream()
                .map(aws -> new Listed(services.applications().get(aws.applicationId()), aws)).toList();
        console.render(ctx, 200, "admin/aws/list.jte", new AwsList(console.chrome(ctx, "AWS", Section.AWS, NOTICES), listed));
    }

    /** The application in the path, as an ID; a malformed one is simply not found. */
    static UUID applicationId(Context ctx) {
        return Ids.path(ctx, "id", "AWS application");
    }

    static String setupPath(UUID applicationId) {
        return "/admin/aws/" + applicationId;
    }

    /** The list page's data. */
    public record AwsList(AdminChrome chrome, List<Listed> applications) {
    }

    /** One AWS application in the list. */
    public record Listed(Application application, AwsApplication aws) {
        public String id() {
            return application.id().toString();
        }

        public String region() {
            return aws.region() == null ? "global" : aws.region();
        }

        public List<String> accounts() {
            return aws.roleRules().stream().map(RoleRule::accountId).distinct().toList();
        }

        public long roles() {
            return aws.roleRules().stream().map(RoleRule::roleArn).distinct().count();
        }
    }
}
