package dev.signet.console;

import dev.signet.aws.AwsApplication;
import dev.signet.aws.AwsApplicationService;
import dev.signet.mappings.PropertyMapping;
import dev.signet.aws.AwsNames;
import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import dev.signet.keys.Keypair;
import dev.signet.saml.SamlProvider;
import dev.signet.storage.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * /admin/aws/new and /admin/aws/{id}/edit: one form for everything the AWS preset takes (what the
 * API's POST /aws/applications and PATCH /applications/{id}/aws take), the role mapping as a table.
 * Nothing is saved unless every field is right; a refusal shows each message next to its field or cell.
 */
public final class AwsWizardPage {
    private final Console console;
    private final ConsoleServices services;

    AwsWizardPage(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/aws/new", ctx -> showNew(ctx, 200, AwsForm.defaults()));
        routes.post("/admin/aws/new", this::create);
        routes.get("/admin/aws/{id}/edit", this::showEdit);
        routes.post("/admin/aws/{id}/edit", this::update);
    }

    private void create(Context ctx) {
        Form form = Form.of(ctx);
        AwsForm.Read read = AwsForm.read(form, true);
        if (AwsForm.wantsMoreRows(ctx)) {
            showNew(ctx, 200, AwsForm.withMoreRows(form));
            return;
        }
        try {
            form.throwIfInvalid();
            AwsApplication created = services.awsApplications().create(read.input(), console.origin(ctx));
            console.done(ctx, AwsPages.setupPath(created.applicationId()), "created");
        } catch (InvalidInputException e) {
            showNew(ctx, 400, form.refused(read.onForm(e)));
        } catch (ConflictException e) {
            showNew(ctx, 409, form.refused(e));
        }
    }

    private void showEdit(Context ctx) {
        UUID id = AwsPages.applicationId(ctx);
        AwsApplication aws = services.awsApplications().get(id);
        SamlProvider provider = services.samlProviders().get(id);
        showEdit(ctx, id, 200, AwsForm.of(aws, provider.defaultRelayState(), provider.keypairId(),
                services.awsApplications().ownMappings(id).stream().map(PropertyMapping::id).toList()));
    }

    private void update(Context ctx) {
        UUID id = AwsPages.applicationId(ctx);
        services.awsApplications().get(id);
        Form form = Form.of(ctx);
        AwsForm.Read read = AwsForm.read(form, false);
        if (AwsForm.wantsMoreRows(ctx)) {
            showEdit(ctx, id, 200, AwsForm.withMoreRows(form));
            return;
        }
        try {
            form.throwIfInvalid();
            services.awsApplications().update(id, read.input(), console.origin(ctx));
            console.done(ctx, AwsPages.setupPath(id), "updated");
        } catch (InvalidInputException e) {
            showEdit(ctx, id, 400, form.refused(read.onForm(e)));
        }
    }

    private void showNew(Context ctx, int status, FormState form) {
        console.render(ctx, status, "admin/aws/form.jte", view(ctx, "New AWS application", true, "/admin/aws/new", form, "/admin/aws"));
    }

    private void showEdit(Context ctx, UUID id, int status, FormState form) {
        String name = services.applications().get(id).name();
        console.render(ctx, status, "admin/aws/form.jte", view(ctx, "Edit AWS settings of " + name, false,
                AwsPages.setupPath(id) + "/edit", form, AwsPages.setupPath(id)));
    }

    private AwsFormView view(Context ctx, String title, boolean creating, String action, FormState form, String cancelHref) {
        String region = form.value("region");
        List<Option> regions = new ArrayList<>();
        regions.add(new Option("", "Global: " + AwsApplication.signInUrl(null)));
        AwsNames.SIGN_IN_REGIONS.forEach(r -> regions.add(new Option(r, r + ": " + AwsApplication.signInUrl(r))));
        if (!region.isEmpty() && !AwsNames.SIGN_IN_REGIONS.contains(region)) {
            // A region set through the API that this list does not know yet stays choosable.
            regions.add(new Option(region, region + ": " + AwsApplication.signInUrl(region)));
        }
        List<Option> groups = services.directory().listGroups(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items().stream()
                .map(g -> new Option(g.id().toString(), g.name())).toList();
        List<Option> keypairs = new ArrayList<>();
        // On the edit form an empty choice leaves the provider's certificate as it is.
        keypairs.add(new Option("", creating ? "The default keypair" : "Keep the current certificate"));
        for (Keypair k : services.keypairs().list()) {
            keypairs.add(new Option(k.id().toString(), k.name()));
        }
        // Every mapping the preset does not manage may be sent as well (one for an AWS attribute replaces the preset's).
        List<Option> mappings = services.propertyMappings().list(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items().stream()
                .filter(m -> !AwsApplicationService.presetOwned(m))
                .map(m -> new Option(m.id().toString(), m.name() + " → " + m.samlName())).toList();
        int rows = Math.max(1, parseRows(form.value(AwsForm.ROWS)));
        return new AwsFormView(console.chrome(ctx, title, Section.AWS), title, creating, action, form, rows, regions, groups,
                keypairs, mappings, cancelHref);
    }

    private static int parseRows(String rows) {
        try {
            return Math.min(AwsForm.MAX_ROWS, Integer.parseInt(rows));
        } catch (NumberFormatException e) {
            return AwsForm.ROWS_ADDED;
        }
    }

    /** The wizard page's data; the role mapping's cells are addressed by row and column. */
    public record AwsFormView(AdminChrome chrome, String heading, boolean creating, String action, FormState form, int rows,
                              List<Option> regions, List<Option> groups, List<Option> keypairs, List<Option> mappings,
                              String cancelHref) {
        public List<Integer> rowIndexes() {
            return IntStream.range(0, rows).boxed().toList();
        }

        public List<String> columns() {
            return AwsForm.COLUMNS;
        }

        public String cellName(int row, String column) {
            return AwsForm.cellName(row, column);
        }

        public String cellId(int row, String column) {
            return AwsForm.cellId(row, column);
        }

        public String cellValue(int row, String column) {
            return form.value(cellName(row, column));
        }

        public String cellError(int row, String column) {
            return form.error(cellName(row, column));
        }

        /** The error summary's entries, each linking to its field or cell. */
        public List<ErrorLink> summary() {
            return form.errors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new ErrorLink(AwsForm.anchor(e.getKey()), e.getValue())).toList();
        }

        public boolean granted(Option group) {
            return form.value("groupIds").lines().anyMatch(group.value()::equals);
        }

        public boolean sends(Option mapping) {
            return form.value(AwsForm.OWN_MAPPINGS).lines().anyMatch(mapping.value()::equals);
        }
    }

    /** One line of the error summary: the message, linking to the element it is about. */
    public record ErrorLink(String anchor, String message) {
    }
}
