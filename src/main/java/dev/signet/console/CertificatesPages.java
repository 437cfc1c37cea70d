package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import dev.signet.keys.KeyType;
import dev.signet.keys.Keypair;
import dev.signet.storage.SamlProviderRepository.ProviderKeys;
import dev.signet.web.Downloads;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * /admin/certificates: the signing keypairs with their expiry and the providers using them,
 * generating and importing one, a certificate's page (PEM to copy or download, never the key) and
 * deletion. Key rotation per provider is {@link RotationPage}.
 */
public final class CertificatesPages {
    static final String BASE = "/admin/certificates";
    /** Largest PEM file accepted as an upload; a certificate chain or key is a few kilobytes. */
    private static final int MAX_UPLOAD_BYTES = 64 * 1024;
    private static final Map<String, String> NOTICES = Map.of(
            "generated", "Certificate generated.",
            "imported", "Certificate imported.",
            "deleted", "Certificate deleted.");

    private final Console console;
    private final ConsoleServices services;
    private final RotationPage rotation;

    CertificatesPages(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
        this.rotation = new RotationPage(console, services);
    }

    void register(RoutesConfig routes) {
        rotation.register(routes);
        routes.get(BASE, this::list);
        routes.get(BASE + "/generate", ctx -> renderGenerate(ctx, 200, FormState.of(Map.of("keyType", KeyType.RSA_2048.wire(),
                "validityDays", "3650"))));
        routes.post(BASE + "/generate", this::generate);
        routes.get(BASE + "/import", ctx -> renderImport(ctx, 200, FormState.empty()));
        routes.post(BASE + "/import", this::importPem);
        routes.get(BASE + "/{id}", ctx -> renderDetail(ctx, 200, keypair(ctx), null));
        routes.get(BASE + "/{id}/download", this::download);
        routes.get(BASE + "/{id}/delete", this::confirmDelete);
        routes.post(BASE + "/{id}/delete", this::delete);
    }

    private void list(Context ctx) {
        List<ProviderKeys> providers = services.samlProviders().providerKeys();
        Instant now = services.clock().instant();
        List<CertificateRow> rows = services.keypairs().list().stream()
                .map(k -> new CertificateRow(k, Expiry.of(k, now), uses(k, providers)))
                .toList();
        console.render(ctx, 200, "admin/certificates/list.jte", new CertificateList(
                console.chrome(ctx, "Certificates", Section.CERTIFICATES, NOTICES), rows, providers, names(rows)));
    }

    private void generate(Context ctx) {
        Form form = Form.of(ctx);
        String name = form.text("name");
        String keyType = form.text("keyType");
        String commonName = form.optionalText("commonName");
        Integer days = form.integer("validityDays");
        try {
            form.throwIfInvalid();
            Keypair k = services.keypairs().generate(name, keyType, commonName, days, console.origin(ctx));
            console.done(ctx, BASE + "/" + k.id(), "generated");
        } catch (InvalidInputException e) {
            renderGenerate(ctx, 400, form.refused(e));
        } catch (ConflictException e) {
            renderGenerate(ctx, 409, form.refused(e));
        }
    }

    /** Import from the pasted PEM or, when one is chosen, the uploaded file; the private key is never shown again. */
    private void importPem(Context ctx) {
        Form form = Form.of(ctx);
        String name = form.text("name");
        String certificate = form.text("certificate");
        String privateKey = form.secret("privateKey");
        String passphrase = form.secret("passphrase");
        try {
            certificate = uploadedOr(ctx, form, "certificateFile", "certificate", certificate);
            privateKey = uploadedOr(ctx, form, "privateKeyFile", "privateKey", privateKey);
            form.throwIfInvalid();
            Keypair k = services.keypairs().importPem(name, certificate, privateKey, passphrase, console.origin(ctx));
            console.done(ctx, BASE + "/" + k.id(), "imported");
        } catch (InvalidInputException e) {
            renderImport(ctx, 400, form.refused(e));
        } catch (ConflictException e) {
            renderImport(ctx, 409, form.refused(e));
        }
    }

    /** The uploaded file's text when a file was chosen, else the pasted text; a file too large is an error on {@code field}. */
    private static String uploadedOr(Context ctx, Form form, String fileField, String field, String pasted) {
        String uploaded = Uploads.text(ctx, form, fileField, field, MAX_UPLOAD_BYTES);
        return uploaded != null ? uploaded : pasted;
    }

    /** The certificate alone, as a .pem file for the SP to trust; the private key never leaves Signet. */
    private void download(Context ctx) {
        Keypair k = keypair(ctx);
        Downloads.attachment(ctx, k.certificateFileName(), "application/x-pem-file", k.certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    private void confirmDelete(Context ctx) {
        Keypair k = keypair(ctx);
        String href = BASE + "/" + k.id();
        console.confirm(ctx, Section.CERTIFICATES, "Delete the certificate " + k.name() + "?",
                "The certificate and its private key are removed for good. A certificate that a SAML provider signs with"
                        + " or publishes cannot be deleted.", href + "/delete", "Delete certificate", href);
    }

    private void delete(Context ctx) {
        Keypair k = keypair(ctx);
        try {
            services.keypairs().delete(k.id(), console.origin(ctx));
            console.done(ctx, BASE, "deleted");
        } catch (ConflictException e) {
            renderDetail(ctx, 409, k, e.getMessage());
        }
    }

    private void renderGenerate(Context ctx, int status, FormState form) {
        List<Option> types = Arrays.stream(KeyType.values()).map(t -> new Option(t.wire(), t.wire())).toList();
        console.render(ctx, status, "admin/certificates/generate.jte",
                new GenerateForm(console.chrome(ctx, "Generate a certificate", Section.CERTIFICATES), form, types));
    }

    private void renderImport(Context ctx, int status, FormState form) {
        console.render(ctx, status, "admin/certificates/import.jte",
                new ImportForm(console.chrome(ctx, "Import a certificate", Section.CERTIFICATES), form));
    }

    private void renderDetail(Context ctx, int status, Keypair k, String problem) {
        List<ProviderKeys> providers = services.samlProviders().providerKeys();
        console.render(ctx, status, "admin/certificates/detail.jte", new CertificateDetail(
                console.chrome(ctx, k.name(), Section.CERTIFICATES, NOTICES), k, Expiry.of(k, services.clock().instant()),
                uses(k, providers), providers, problem));
    }

    private Keypair keypair(Context ctx) {
        return services.keypairs().get(Ids.path(ctx, "id", "keypair"));
    }

    private static List<Use> uses(Keypair k, List<ProviderKeys> providers) {
        return providers.stream()
                .filter(p -> k.id().equals(p.keypairId()) || k.id().equals(p.nextKeypairId()))
                .map(p -> new Use(p, k.id().equals(p.keypairId())))
                .toList();
    }

    private static Map<UUID, String> names(List<CertificateRow> rows) {
        Map<UUID, String> out = new HashMap<>();
        rows.forEach(r -> out.put(r.keypair().id(), r.keypair().name()));
        return out;
    }

    /** How soon a certificate expires, as a status badge: expired, fewer than 30 days left, or valid. */
    public record Expiry(String status, String label) {
        static Expiry of(Keypair k, Instant now) {
            if (!k.notAfter().isAfter(now)) {
                return new Expiry("fail", "Expired");
            }
            if (k.notAfter().isBefore(now.plus(OverviewPage.EXPIRY_WARNING))) {
                return new Expiry("warn", Duration.between(now, k.notAfter()).toDays() + " days left");
            }
            return new Expiry("pass", "Valid");
        }
    }

    /** A provider using a certificate: to sign ({@code signing}) or published as the next one. */
    public record Use(ProviderKeys provider, boolean signing) {
        public String role() {
            return signing ? "signs with it" : "publishes it as next";
        }
    }

    /** One certificate in the list. */
    public record CertificateRow(Keypair keypair, Expiry expiry, List<Use> uses) {
        /** The fingerprint's first bytes, enough to tell certificates apart; the full one is on the certificate's page. */
        public String shortFingerprint() {
            String f = keypair.fingerprintSha256();
            return f.length() > 23 ? f.substring(0, 23) + "…" : f;
        }
    }

    /** The list page: the certificates, and every provider with its keys (for the rotation links). */
    public record CertificateList(AdminChrome chrome, List<CertificateRow> rows, List<ProviderKeys> providers,
                                  Map<UUID, String> names) {
        public String name(UUID keypairId) {
            return keypairId == null ? "none" : names.getOrDefault(keypairId, keypairId.toString());
        }
    }

    /** A certificate's page, with a refusal ({@code problem}) to show. */
    public record CertificateDetail(AdminChrome chrome, Keypair keypair, Expiry expiry, List<Use> uses,
                                    List<ProviderKeys> providers, String problem) {
        /** The providers that neither sign with nor publish this certificate: candidates for a rotation to it. */
        public List<ProviderKeys> otherProviders() {
            return providers.stream().filter(p -> !keypair.id().equals(p.keypairId()) && !keypair.id().equals(p.nextKeypairId())).toList();
        }
    }

    public record GenerateForm(AdminChrome chrome, FormState form, List<Option> keyTypes) {
    }

    public record ImportForm(AdminChrome chrome, FormState form) {
    }
}
