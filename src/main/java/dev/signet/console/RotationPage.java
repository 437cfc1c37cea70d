package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.applications.Application;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.NotFoundException;
import dev.signet.keys.Keypair;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlProviderService.Configured;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * /admin/certificates/rotation/{applicationId}: changing a provider's signing certificate without
 * breaking sign-in, in the three steps of docs/saml.md: publish the next certificate in the metadata,
 * switch signing to it (the old one stays published), retire the old one. Each step is one call of
 * {@link dev.signet.saml.SamlProviderService}.
 */
public final class RotationPage {
    static final String BASE = CertificatesPages.BASE + "/rotation";
    private static final Map<String, String> NOTICES = Map.of(
            "published", "The next certificate is now in the metadata. Give the SP the new metadata.",
            "switched", "Responses are now signed with the new certificate; the old one is still published.",
            "retired", "The certificate is no longer published. Give the SP the new metadata.",
            "signing", "Responses are now signed with the chosen certificate, the only one published.");

    private final Console console;
    private final ConsoleServices services;

    RotationPage(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get(BASE + "/{applicationId}", ctx -> {
            FormState form = FormState.empty();
            String preselected = ctx.queryParam("next");
            if (preselected != null) {
                form.with("nextKeypairId", preselected);
            }
            render(ctx, 200, configured(ctx), form);
        });
        routes.post(BASE + "/{applicationId}/publish", ctx -> step(ctx, "published",
                (id, form) -> services.samlProviders().publishNextKeypair(id, form.id("nextKeypairId"), console.origin(ctx))));
        routes.post(BASE + "/{applicationId}/switch", ctx -> step(ctx, "switched",
                (id, form) -> services.samlProviders().switchToNextKeypair(id, console.origin(ctx))));
        routes.post(BASE + "/{applicationId}/retire", ctx -> step(ctx, "retired",
                (id, form) -> services.samlProviders().retireNextKeypair(id, console.origin(ctx))));
        routes.post(BASE + "/{applicationId}/sign-now", ctx -> step(ctx, "signing",
                (id, form) -> services.samlProviders().signWithKeypairNow(id, form.id("keypairId"), console.origin(ctx))));
    }

    /** What one step does to the provider of the application. */
    @FunctionalInterface
    private interface Step {
        SamlProvider apply(UUID applicationId, Form form);
    }

    private void step(Context ctx, String notice, Step step) {
        Configured c = configured(ctx);
        Form form = Form.of(ctx);
        try {
            step.apply(c.application().id(), form);
            console.done(ctx, BASE + "/" + c.application().id(), notice);
        } catch (InvalidInputException e) {
            render(ctx, 400, c, form.refused(e));
        }
    }

    private void render(Context ctx, int status, Configured c, FormState form) {
        SamlProvider p = c.provider();
        List<Keypair> all = services.keypairs().list();
        Keypair signing = find(all, p.keypairId());
        Keypair next = find(all, p.nextKeypairId());
        List<Option> candidates = all.stream()
                .filter(k -> !k.id().equals(p.keypairId()))
                .map(k -> new Option(k.id().toString(), k.name() + " (" + k.keyType().wire() + ", until " + k.notAfter().toString().substring(0, 10) + ")"))
                .toList();
        console.render(ctx, status, "admin/certificates/rotation.jte", new Rotation(
                console.chrome(ctx, "Rotate the certificate of " + c.application().name(), Section.CERTIFICATES, NOTICES),
                c.application(), signing, next, candidates, form));
    }

    private static Keypair find(List<Keypair> all, UUID id) {
        return id == null ? null : all.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
    }

    private Configured configured(Context ctx) {
        UUID id = Ids.path(ctx, "applicationId", "SAML provider");
        return services.samlProviders().byApplicationId(id).orElseThrow(() -> new NotFoundException("SAML provider"));
    }

    /** Where a rotation stands, from which certificates the provider uses. */
    public enum Stage {
        /** One certificate, signing and published. */
        NOT_STARTED,
        /** A newer certificate is published next to the signing one. */
        PUBLISHED,
        /** Signing with the newer certificate; the older one is still published. */
        SWITCHED
    }

    /**
     * The page: the application, the signing and the next certificate (or null), the certificates
     * that could be published next, and the state of the step forms.
     */
    public record Rotation(AdminChrome chrome, Application application, Keypair signing, Keypair next, List<Option> candidates,
                           FormState form) {
        /**
         * The provider only stores "signing" and "next", which look the same before and after the switch;
         * the certificates' ages tell them apart (a rotation moves to a newer certificate).
         */
        public Stage stage() {
            if (next == null) {
                return Stage.NOT_STARTED;
            }
            return signing != null && next.createdAt().isBefore(signing.createdAt()) ? Stage.SWITCHED : Stage.PUBLISHED;
        }

        public String metadataUrl() {
            return "/application/saml/" + application.slug() + "/metadata";
        }

        public String action(String step) {
            return BASE + "/" + application.id() + "/" + step;
        }

        public boolean isSigning(Keypair k) {
            return signing != null && Objects.equals(k.id(), signing.id());
        }
    }
}
