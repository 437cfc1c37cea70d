package dev.signet.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads TIMESTAMP WITH TIME ZONE columns as Instants, the same way on H2 and PostgreSQL. */
final class Times {
    private Times() {
    }

    static Instant get(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
