package dev.signet.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** SQL for the settings an administrator overrode in the console (key -> value in the config file's syntax). */
public final class RuntimeSettingRepository {

    public Map<String, String> all(Handle h) {
        Map<String, String> out = new LinkedHashMap<>();
        h.createQuery("SELECT setting_key, setting_value FROM runtime_settings ORDER BY setting_key")
                .map((rs, ctx) -> Map.entry(rs.getString("setting_key"), rs.getString("setting_value")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Insert, else update: the insert waits for a concurrent one on another node to commit and then does
     * nothing, so two nodes saving the same new key never fail on the primary key.
     */
    public void put(Handle h, String key, String value, Instant now, String updatedBy) {
        int inserted = h.createUpdate("INSERT INTO runtime_settings (setting_key, setting_value, updated_at, updated_by)"
                        + " VALUES (:k, :v, :now, :by) ON CONFLICT DO NOTHING")
                .bind("k", key).bind("v", value).bind("now", now).bind("by", updatedBy).execute();
        if (inserted == 0) {
            h.createUpdate("UPDATE runtime_settings SET setting_value = :v, updated_at = :now, updated_by = :by"
                            + " WHERE setting_key = :k")
                    .bind("k", key).bind("v", value).bind("now", now).bind("by", updatedBy).execute();
        }
    }

    public void delete(Handle h, String key) {
        h.createUpdate("DELETE FROM runtime_settings WHERE setting_key = :k").bind("k", key).execute();
    }
}
