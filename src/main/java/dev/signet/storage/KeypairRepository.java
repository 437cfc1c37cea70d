package dev.signet.storage;

import dev.signet.keys.KeyType;
import dev.signet.keys.Keypair;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for signing keypairs; the sealed private key is read only by {@link #sealedPrivateKey}. */
public final class KeypairRepository {
    private static final String COLUMNS = "id, name, key_type, certificate_pem, fingerprint_sha256, not_before, not_after, created_at";

    public List<Keypair> list(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM keypairs ORDER BY created_at, name").map((rs, ctx) -> map(rs)).list();
    }

    public Optional<Keypair> findById(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM keypairs WHERE id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    public boolean nameTaken(Handle h, String name) {
        return h.createQuery("SELECT COUNT(*) FROM keypairs WHERE name = :name").bind("name", name).mapTo(Integer.class).one() > 0;
    }

    public Optional<String> sealedPrivateKey(Handle h, UUID id) {
        return h.createQuery("SELECT private_key_sealed FROM keypairs WHERE id = :id").bind("id", id).mapTo(String.class).findOne();
    }

    public void insert(Handle h, Keypair k, String sealedPrivateKey) {
        h.createUpdate("INSERT INTO keypairs (id, name, key_type, certificate_pem, fingerprint_sha256, not_before, not_after,"
                        + " private_key_sealed, created_at) VALUES (:id, :name, :type, :pem, :fingerprint, :notBefore, :notAfter,"
                        + " :sealed, :createdAt)")
                .bind("id", k.id()).bind("name", k.name()).bind("type", k.keyType().name()).bind("pem", k.certificatePem())
                .bind("fingerprint", k.fingerprintSha256()).bind("notBefore", k.notBefore()).bind("notAfter", k.notAfter())
                .bind("sealed", sealedPrivateKey).bind("createdAt", k.createdAt())
                .execute();
    }

    public boolean delete(Handle h, UUID id) {
        return h.createUpdate("DELETE FROM keypairs WHERE id = :id").bind("id", id).execute() == 1;
    }

    private static Keypair map(ResultSet rs) throws SQLException {
        return new Keypair(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                KeyType.valueOf(rs.getString("key_type")),
                rs.getString("certificate_pem"),
                rs.getString("fingerprint_sha256"),
                Times.get(rs, "not_before"),
                Times.get(rs, "not_after"),
                Times.get(rs, "created_at"));
    }
}
