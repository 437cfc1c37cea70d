package dev.signet.storage;

import dev.signet.aws.AwsApplication;
import dev.signet.aws.RoleRule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** SQL for AWS applications and their role mappings. */
public final class AwsApplicationRepository {

    public Optional<AwsApplication> find(Handle h, UUID applicationId) {
        List<RoleRule> rules = h.createQuery("SELECT r.group_id, g.name AS group_name, a.partition_name, r.account_id, r.role_path,"
                        + " r.role_name, r.provider_name FROM aws_role_rules r JOIN user_groups g ON g.id = r.group_id"
                        + " JOIN aws_applications a ON a.application_id = r.application_id"
                        + " WHERE r.application_id = :id ORDER BY r.position")
                .bind("id", applicationId)
                .map((rs, ctx) -> new RoleRule(rs.getObject("group_id", UUID.class), rs.getString("group_name"),
                        rs.getString("partition_name"), rs.getString("account_id"), rs.getString("role_path"),
                        rs.getString("role_name"), rs.getString("provider_name")))
                .list();
        return h.createQuery("SELECT * FROM aws_applications WHERE application_id = :id")
                .bind("id", applicationId)
                .map((rs, ctx) -> new AwsApplication(rs.getObject("application_id", UUID.class), rs.getString("region"),
                        rs.getString("partition_name"), rs.getInt("session_duration"), rs.getString("provider_name"), rules,
                        JsonColumns.readStringMap(rs.getString("principal_tags")), rs.getBoolean("source_identity"),
                        rs.getString("iam_metadata"), Times.get(rs, "iam_metadata_recorded_at"),
                        Times.get(rs, "created_at"), Times.get(rs, "updated_at")))
                .findOne();
    }

    /** Every AWS application's ID, oldest first. */
    public List<UUID> applicationIds(Handle h) {
        return h.createQuery("SELECT application_id FROM aws_applications ORDER BY created_at, application_id")
                .mapTo(UUID.class).list();
    }

    /**
     * Writes the settings and replaces the role mapping. The IAM metadata record is written on
     * insert only; afterwards {@link #recordIamMetadata} alone changes it.
     */
    public void upsert(Handle h, AwsApplication a) {
        int updated = bindSettings(h.createUpdate("UPDATE aws_applications SET region = :region, partition_name = :partition,"
                + " session_duration = :duration, provider_name = :provider, principal_tags = :tags,"
                + " source_identity = :sourceIdentity, updated_at = :updatedAt WHERE application_id = :id"), a).execute();
        if (updated == 0) {
            bindSettings(h.createUpdate("INSERT INTO aws_applications (application_id, region, partition_name, session_duration,"
                    + " provider_name, principal_tags, source_identity, iam_metadata, iam_metadata_recorded_at, created_at, updated_at)"
                    + " VALUES (:id, :region, :partition, :duration, :provider, :tags, :sourceIdentity, :metadata, :recordedAt,"
                    + " :createdAt, :updatedAt)"), a).bind("createdAt", a.createdAt()).execute();
        }
        h.createUpdate("DELETE FROM aws_role_rules WHERE application_id = :id").bind("id", a.applicationId()).execute();
        int position = 0;
        for (RoleRule r : a.roleRules()) {
            h.createUpdate("INSERT INTO aws_role_rules (application_id, position, group_id, account_id, role_path, role_name,"
                            + " provider_name) VALUES (:id, :position, :group, :account, :path, :role, :provider)")
                    .bind("id", a.applicationId()).bind("position", position++).bind("group", r.groupId())
                    .bind("account", r.accountId()).bind("path", r.rolePath()).bind("role", r.roleName())
                    .bind("provider", r.providerName())
                    .execute();
        }
    }

    private static Update bindSettings(Update update, AwsApplication a) {
        return update.bind("id", a.applicationId()).bind("region", a.region()).bind("partition", a.partition())
                .bind("duration", a.sessionDuration()).bind("provider", a.providerName())
                .bind("tags", JsonColumns.write(a.principalTags())).bind("sourceIdentity", a.sourceIdentity())
                .bind("metadata", a.iamMetadata()).bind("recordedAt", a.iamMetadataRecordedAt()).bind("updatedAt", a.updatedAt());
    }

    public void recordIamMetadata(Handle h, UUID applicationId, String metadata, Instant at) {
        h.createUpdate("UPDATE aws_applications SET iam_metadata = :metadata, iam_metadata_recorded_at = :at WHERE application_id = :id")
                .bind("id", applicationId).bind("metadata", metadata).bind("at", at).execute();
    }
}
