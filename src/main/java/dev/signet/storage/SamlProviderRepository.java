package dev.signet.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.saml.DigestAlgorithm;
import dev.signet.saml.NameIdFormat;
import dev.signet.saml.SamlBinding;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlResponseSpec;
import dev.signet.saml.SignatureAlgorithm;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL for SAML providers, the request-ID replay cache and the session participants used by logout. */
public final class SamlProviderRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    /** Column names of the saml_providers table, in insert order. */
    private static final String COLUMNS = "application_id, sp_entity_id, acs_urls, acs_binding, issuer, keypair_id,"
            + " next_keypair_id, sign_assertion, sign_response, signature_algorithm, digest_algorithm, name_id_format,"
            + " not_before_skew_seconds, assertion_validity_seconds, session_validity_seconds, default_relay_state,"
            + " sp_certificate_pem, require_signed_requests, slo_url, slo_binding, name_id_mapping_id, created_at, updated_at";
    private static final String VALUES = ":applicationId, :spEntityId, :acsUrls, :acsBinding, :issuer, :keypairId,"
            + " :nextKeypairId, :signAssertion, :signResponse, :signatureAlgorithm, :digestAlgorithm, :nameIdFormat,"
            + " :notBeforeSkew, :assertionValidity, :sessionValidity, :defaultRelayState,"
            + " :spCertificate, :requireSignedRequests, :sloUrl, :sloBinding, :nameIdMappingId, :createdAt, :updatedAt";

    public Optional<SamlProvider> find(Handle h, UUID applicationId) {
        List<UUID> mappingIds = mappingIds(h, applicationId);
        return h.createQuery("SELECT " + COLUMNS + " FROM saml_providers WHERE application_id = :id")
                .bind("id", applicationId).map((rs, ctx) -> map(rs, mappingIds)).findOne();
    }

    /** The applications that have a provider. */
    public List<UUID> applicationIds(Handle h) {
        return h.createQuery("SELECT application_id FROM saml_providers").mapTo(UUID.class).list();
    }

    /** Slugs of the applications whose provider signs with, or is rotating to, the keypair. */
    public List<String> slugsUsingKeypair(Handle h, UUID keypairId) {
        return h.createQuery("SELECT a.slug FROM saml_providers p JOIN applications a ON a.id = p.application_id"
                        + " WHERE p.keypair_id = :k OR p.next_keypair_id = :k ORDER BY a.slug")
                .bind("k", keypairId).mapTo(String.class).list();
    }

    /** Which keypairs a provider uses: signing ({@code keypairId}) and published as the next ({@code nextKeypairId}, or null). */
    public record ProviderKeys(UUID applicationId, String slug, String applicationName, UUID keypairId, UUID nextKeypairId) {
    }

    /** Every provider's keypairs, by slug. */
    public List<ProviderKeys> providerKeys(Handle h) {
        return h.createQuery("SELECT a.id, a.slug, a.name, p.keypair_id, p.next_keypair_id FROM saml_providers p"
                        + " JOIN applications a ON a.id = p.application_id ORDER BY a.slug")
                .map((rs, ctx) -> new ProviderKeys(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("name"),
                        rs.getObject("keypair_id", UUID.class), rs.getObject("next_keypair_id", UUID.class)))
                .list();
    }

    /** The provider's property mappings, in the order they are sent. */
    private static List<UUID> mappingIds(Handle h, UUID applicationId) {
        return h.createQuery("SELECT mapping_id FROM saml_provider_mappings WHERE application_id = :id ORDER BY position")
                .bind("id", applicationId).mapTo(UUID.class).list();
    }

    public void upsert(Handle h, SamlProvider p) {
        h.createUpdate("DELETE FROM saml_providers WHERE application_id = :id").bind("id", p.applicationId()).execute();
        h.createUpdate("INSERT INTO saml_providers (" + COLUMNS + ") VALUES (" + VALUES + ")")
                .bind("applicationId", p.applicationId()).bind("spEntityId", p.spEntityId())
                .bind("acsUrls", write(p.acsUrls())).bind("acsBinding", p.acsBinding().name())
                .bind("issuer", p.issuer()).bind("keypairId", p.keypairId()).bind("nextKeypairId", p.nextKeypairId())
                .bind("signAssertion", p.signAssertion()).bind("signResponse", p.signResponse())
                .bind("signatureAlgorithm", p.signatureAlgorithm().name()).bind("digestAlgorithm", p.digestAlgorithm().name())
                .bind("nameIdFormat", p.nameIdFormat().name())
                .bind("notBeforeSkew", p.notBeforeSkewSeconds()).bind("assertionValidity", p.assertionValiditySeconds())
                .bind("sessionValidity", p.sessionValiditySeconds()).bind("defaultRelayState", p.defaultRelayState())
                .bind("spCertificate", p.spCertificate()).bind("requireSignedRequests", p.requireSignedRequests())
                .bind("sloUrl", p.sloUrl()).bind("sloBinding", p.sloBinding() == null ? null : p.sloBinding().name())
                .bind("nameIdMappingId", p.nameIdMappingId())
                .bind("createdAt", p.createdAt()).bind("updatedAt", p.updatedAt())
                .execute();
        int position = 0;
        for (UUID mappingId : p.propertyMappingIds()) {
            h.createUpdate("INSERT INTO saml_provider_mappings (application_id, mapping_id, position) VALUES (:a, :m, :p)")
                    .bind("a", p.applicationId()).bind("m", mappingId).bind("p", position++).execute();
        }
    }

    public boolean delete(Handle h, UUID applicationId) {
        return h.createUpdate("DELETE FROM saml_providers WHERE application_id = :id").bind("id", applicationId).execute() == 1;
    }

    /** Remembers a request ID until it expires; false when it was seen before (a replay), also by another node just now. */
    public boolean rememberRequest(Handle h, String requestKey, Instant expiresAt) {
        return h.createUpdate("INSERT INTO saml_seen_requests (request_key, expires_at) VALUES (:k, :e) ON CONFLICT DO NOTHING")
                .bind("k", requestKey).bind("e", expiresAt).execute() == 1;
    }

    /**
     * Records that the session received an assertion for the application (one row per pair; the
     * first one wins, also between concurrent requests). Only a transient NameID changes afterwards,
     * and logout must name the latest one.
     */
    public void addParticipant(Handle h, Participant p) {
        int inserted = h.createUpdate("INSERT INTO saml_session_participants (session_id, application_id, name_id, name_id_format,"
                        + " session_index, created_at, expires_at) VALUES (:s, :a, :nameId, :format, :index, :created, :expires)"
                        + " ON CONFLICT DO NOTHING")
                .bind("s", p.sessionId()).bind("a", p.applicationId()).bind("nameId", p.nameId())
                .bind("format", p.nameIdFormat()).bind("index", p.sessionIndex()).bind("created", p.createdAt())
                .bind("expires", p.expiresAt()).execute();
        if (inserted == 0 && SamlResponseSpec.NAMEID_TRANSIENT.equals(p.nameIdFormat())) {
            h.createUpdate("UPDATE saml_session_participants SET name_id = :nameId, name_id_format = :format,"
                            + " session_index = :index WHERE session_id = :s AND application_id = :a")
                    .bind("s", p.sessionId()).bind("a", p.applicationId()).bind("nameId", p.nameId())
                    .bind("format", p.nameIdFormat()).bind("index", p.sessionIndex()).execute();
        }
    }

    public Optional<Participant> participant(Handle h, UUID sessionId, UUID applicationId) {
        return h.createQuery("SELECT * FROM saml_session_participants WHERE session_id = :s AND application_id = :a")
                .bind("s", sessionId).bind("a", applicationId).map((rs, ctx) -> participant(rs)).findOne();
    }

    public List<Participant> participants(Handle h, UUID sessionId) {
        return h.createQuery("SELECT * FROM saml_session_participants WHERE session_id = :s ORDER BY created_at")
                .bind("s", sessionId).map((rs, ctx) -> participant(rs)).list();
    }

    /** Moves a session's participants to the session that replaced it; returns how many moved. */
    public int moveParticipants(Handle h, UUID from, UUID to) {
        return h.createUpdate("UPDATE saml_session_participants SET session_id = :to WHERE session_id = :from")
                .bind("from", from).bind("to", to).execute();
    }

    /** The session that received an assertion for the application with this SessionIndex. */
    public Optional<UUID> sessionBySessionIndex(Handle h, UUID applicationId, String sessionIndex) {
        return h.createQuery("SELECT session_id FROM saml_session_participants WHERE application_id = :a AND session_index = :i")
                .bind("a", applicationId).bind("i", sessionIndex).mapTo(UUID.class).findFirst();
    }

    public void removeParticipant(Handle h, UUID sessionId, UUID applicationId) {
        h.createUpdate("DELETE FROM saml_session_participants WHERE session_id = :s AND application_id = :a")
                .bind("s", sessionId).bind("a", applicationId).execute();
    }

    public int purgeExpired(Handle h, Instant now) {
        return h.createUpdate("DELETE FROM saml_seen_requests WHERE expires_at < :now").bind("now", now).execute()
                + h.createUpdate("DELETE FROM saml_session_participants WHERE expires_at < :now").bind("now", now).execute();
    }

    /** An SP that received an assertion within an SSO session: what single logout needs to tell it. */
    public record Participant(UUID sessionId, UUID applicationId, String nameId, String nameIdFormat, String sessionIndex,
                              Instant createdAt, Instant expiresAt) {
    }

    private static Participant participant(ResultSet rs) throws SQLException {
        return new Participant(rs.getObject("session_id", UUID.class), rs.getObject("application_id", UUID.class),
                rs.getString("name_id"), rs.getString("name_id_format"), rs.getString("session_index"),
                Times.get(rs, "created_at"), Times.get(rs, "expires_at"));
    }

    private static SamlProvider map(ResultSet rs, List<UUID> mappingIds) throws SQLException {
        String sloBinding = rs.getString("slo_binding");
        return new SamlProvider(
                rs.getObject("application_id", UUID.class),
                rs.getString("sp_entity_id"),
                read(rs.getString("acs_urls"), STRINGS),
                SamlBinding.valueOf(rs.getString("acs_binding")),
                rs.getString("issuer"),
                rs.getObject("keypair_id", UUID.class),
                rs.getObject("next_keypair_id", UUID.class),
                rs.getBoolean("sign_assertion"),
                rs.getBoolean("sign_response"),
                SignatureAlgorithm.valueOf(rs.getString("signature_algorithm")),
                DigestAlgorithm.valueOf(rs.getString("digest_algorithm")),
                NameIdFormat.valueOf(rs.getString("name_id_format")),
                rs.getInt("not_before_skew_seconds"),
                rs.getInt("assertion_validity_seconds"),
                rs.getInt("session_validity_seconds"),
                rs.getString("default_relay_state"),
                rs.getString("sp_certificate_pem"),
                rs.getBoolean("require_signed_requests"),
                rs.getString("slo_url"),
                sloBinding == null ? null : SamlBinding.valueOf(sloBinding),
                mappingIds,
                rs.getObject("name_id_mapping_id", UUID.class),
                Times.get(rs, "created_at"),
                Times.get(rs, "updated_at"));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored SAML provider JSON is unreadable", e);
        }
    }
}
