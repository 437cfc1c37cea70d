package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.applications.Application;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.InvalidInputException.FieldError;
import dev.signet.saml.SpMetadata;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POST /admin/applications/{id}/saml/import: configures the provider from the SP's metadata, pasted,
 * uploaded or fetched from a URL. When the metadata describes several SPs the administrator chooses
 * one first. A refusal says why next to the control the metadata came from and changes nothing.
 */
public final class SamlMetadataImport {
    /** The request limit is 1 MiB; a file cannot be larger than the request that carries it. */
    private static final int MAX_UPLOAD_BYTES = 1024 * 1024;

    private final Console console;
    private final ConsoleServices services;
    private final SamlProvidersPages pages;

    SamlMetadataImport(Console console, ConsoleServices services, SamlProvidersPages pages) {
        this.console = console;
        this.services = services;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.post(ApplicationsPages.BASE + "/{id}/saml/import", this::importMetadata);
    }

    /** Where the metadata came from: which form, and which of its controls a message belongs next to. */
    enum Source {
        PASTE("metadata"), UPLOAD("metadataFile"), URL("url");

        final String field;

        Source(String field) {
            this.field = field;
        }

        static Source of(String value) {
            return switch (value == null ? "" : value) {
                case "upload" -> UPLOAD;
                case "url" -> URL;
                default -> PASTE;
            };
        }
    }

    private void importMetadata(Context ctx) {
        Application app = services.applications().get(Ids.path(ctx, "id", "application"));
        Source source = Source.of(ctx.formParam("source"));
        String url = ctx.formParam("url") == null ? "" : ctx.formParam("url").strip();
        String pasted = ctx.formParam("metadata") == null ? "" : ctx.formParam("metadata");
        String entityId = ctx.formParam("entityId") == null || ctx.formParam("entityId").isBlank() ? null
                : ctx.formParam("entityId").strip();
        try {
            byte[] xml = switch (source) {
                case PASTE -> pasted(pasted);
                case UPLOAD -> uploaded(ctx);
                case URL -> services.samlProviders().fetchMetadata(url);
            };
            if (entityId == null) {
                List<String> entities = SpMetadata.entityIds(xml);
                if (entities.size() > 1) {
                    console.render(ctx, 200, "admin/saml/choose-entity.jte", new EntityChoice(
                            console.chrome(ctx, "Choose the service provider", Section.SAML_PROVIDERS), app,
                            new String(xml, StandardCharsets.UTF_8), entities));
                    return;
                }
            }
            services.samlProviders().importMetadata(app.id(), xml, entityId, console.origin(ctx));
            console.done(ctx, SamlProvidersPages.href(app.id()), "imported");
        } catch (InvalidInputException e) {
            Map<String, String> sent = new LinkedHashMap<>();
            sent.put("url", url);
            sent.put("metadata", source == Source.PASTE ? pasted : "");
            // Whatever the service says about the metadata (or the settings read from it) concerns the control it came from.
            List<FieldError> errors = e.errors().stream().map(err -> new FieldError(source.field, err.message())).toList();
            var stored = services.samlProviders().find(app.id()).orElseGet(() -> services.samlProviders().defaults(app.id()));
            pages.show(ctx, 400, app, FormState.of(SamlProviderForm.values(stored)), FormState.refused(sent, errors));
        }
    }

    private static byte[] pasted(String text) {
        if (text.isBlank()) {
            throw InvalidInputException.of(Source.PASTE.field, "Paste the SP's metadata XML.");
        }
        return text.strip().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] uploaded(Context ctx) {
        Form form = Form.of(ctx);
        byte[] xml = Uploads.bytes(ctx, form, Source.UPLOAD.field, Source.UPLOAD.field, MAX_UPLOAD_BYTES);
        form.throwIfInvalid();
        if (xml == null) {
            throw InvalidInputException.of(Source.UPLOAD.field, "Choose the SP's metadata file.");
        }
        return xml;
    }

    /** Metadata with several SPs: the administrator picks one; the XML travels along in the form. */
    public record EntityChoice(AdminChrome chrome, Application application, String metadata, List<String> entityIds) {
        public String action() {
            return SamlProvidersPages.href(application.id()) + "/import";
        }
    }
}
