package dev.signet.admin;

import dev.signet.audit.Origin;
import dev.signet.keys.Keypair;
import dev.signet.keys.KeypairService;
import dev.signet.web.Downloads;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** /api/v1/keypairs: signing keypairs and their certificates. Private keys are never returned. */
final class KeypairsApi {
    private final KeypairService keypairs;

    KeypairsApi(KeypairService keypairs) {
        this.keypairs = keypairs;
    }

    void register(ApiRoutes api) {
        api.get("/keypairs", (ctx, origin) -> ctx.json(Map.of("items", keypairs.list())));
        api.post("/keypairs", this::generate);
        api.post("/keypairs/import", this::importPem);
        api.get("/keypairs/{id}", (ctx, origin) -> ctx.json(keypairs.get(Ids.path(ctx, "id", "keypair"))));
        api.get("/keypairs/{id}/certificate", this::certificate);
        api.delete("/keypairs/{id}", (ctx, origin) -> {
            keypairs.delete(Ids.path(ctx, "id", "keypair"), origin);
            ctx.status(204);
        });
    }

    private void generate(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, Set.of("name", "keyType", "commonName", "validityDays"));
        String name = body.string("name");
        String keyType = body.string("keyType");
        String commonName = body.string("commonName");
        Integer days = body.integer("validityDays");
        body.finish();
        created(ctx, keypairs.generate(name, keyType, commonName, days, origin));
    }

    private void importPem(Context ctx, Origin origin) {
        JsonBody body = JsonBody.parse(ctx, Set.of("name", "certificate", "privateKey", "passphrase"));
        String name = body.string("name");
        String certificate = body.string("certificate");
        String privateKey = body.string("privateKey");
        String passphrase = body.string("passphrase");
        body.finish();
        created(ctx, keypairs.importPem(name, certificate, privateKey, passphrase, origin));
    }

    /** The certificate as a PEM file, for the SP side (or AWS) to trust. */
    private void certificate(Context ctx, Origin origin) {
        Keypair k = keypairs.get(Ids.path(ctx, "id", "keypair"));
        Downloads.attachment(ctx, k.certificateFileName(), "application/x-pem-file", k.certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    private static void created(Context ctx, Keypair k) {
        ctx.status(201).header("Location", ApiRoutes.PREFIX + "/keypairs/" + k.id()).json(k);
    }
}
