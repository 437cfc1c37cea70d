package dev.signet.console;

import dev.signet.directory.User;
import dev.signet.errors.InvalidInputException;
import dev.signet.mappings.PropertyMapping;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.saml.SingleSignOn.MappingTrial;
import dev.signet.storage.SamlProviderRepository.ProviderKeys;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The "test for user" panel of a mapping's page: evaluates the mapping for a user, optionally as in
 * a sign-in to one application, with the same call as {@code POST /api/v1/property-mappings/{id}/test}.
 * Nothing is saved; the page shows each value or the evaluation error.
 */
public final class MappingTestPanel {
    private final Console console;
    private final ConsoleServices services;
    private final PropertyMappingsPages pages;

    MappingTestPanel(Console console, ConsoleServices services, PropertyMappingsPages pages) {
        this.console = console;
        this.services = services;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.post(PropertyMappingsPages.BASE + "/{id}/test", this::run);
    }

    /** The panel before a test: empty fields. */
    TestPanel idle() {
        return new TestPanel(FormState.empty(), applications(), null, null);
    }

    private void run(Context ctx) {
        PropertyMapping m = pages.mapping(ctx);
        Form form = Form.of(ctx);
        String username = form.text("username");
        UUID applicationId = form.id("applicationId");
        FormState stored = FormState.of(PropertyMappingsPages.values(m));
        try {
            form.throwIfInvalid();
            User user = UserLookup.byUsername(services.directory(), username, "Enter the username of the user to test with.");
            Configured c = applicationId == null ? null : services.samlProviders().chosenForTest(applicationId);
            MappingTrial trial = services.sso().tryMapping(m, user, c, console.origin(ctx));
            FormState sent = FormState.of(form.sent());
            pages.renderEditor(ctx, 200, m, stored, null, new TestPanel(sent, applications(), trial, user.username()));
        } catch (InvalidInputException e) {
            pages.renderEditor(ctx, 400, m, stored, null, new TestPanel(form.refused(e), applications(), null, null));
        }
    }

    /** "No application" and every application with a SAML provider, for the context of the test. */
    private List<Option> applications() {
        List<Option> out = new ArrayList<>();
        out.add(new Option("", "No application (application and provider variables are empty)"));
        for (ProviderKeys p : services.samlProviders().providerKeys()) {
            out.add(new Option(p.applicationId().toString(), p.applicationName() + " (" + p.slug() + ")"));
        }
        return out;
    }

    /** The panel: its fields, the applications to choose from, and after a run the outcome for {@code username}. */
    public record TestPanel(FormState form, List<Option> applications, MappingTrial trial, String username) {
        public boolean ran() {
            return trial != null;
        }
    }
}
