package dev.signet.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.signet.config.SignetConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.sql.Types;
import java.util.UUID;
import javax.sql.DataSource;
import dev.signet.storage.migration.V5__MoveAttributeMappingsToPropertyMappings;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, schema migrations and the Jdbi entry point. Every read or write goes through
 * {@link #read} or {@link #transaction}, so a write that spans rows is always one transaction.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final RoundTripCounter roundTrips;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource, RoundTripCounter roundTrips) {
        this.dataSource = dataSource;
        this.roundTrips = roundTrips;
        this.jdbi = Jdbi.create(dataSource);
        // Instants go in and out as TIMESTAMP WITH TIME ZONE in UTC, the same on H2 and PostgreSQL.
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) ->
                        statement.setObject(position, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
            }
        });
        // UUIDs go in as the database's own UUID type. Jdbi's default binds a null UUID as VARCHAR, which
        // PostgreSQL refuses for a uuid column (H2 converts silently); a typed null of OTHER lets it infer uuid.
        jdbi.registerArgument(new AbstractArgumentFactory<UUID>(Types.OTHER) {
            @Override
            protected Argument build(UUID value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setObject(position, value);
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, col, ctx) -> {
            OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        });
    }

    /** Opens the pool and applies pending migrations. */
    public static Database open(SignetConfig config) {
        return open(config, null);
    }

    /** As {@link #open(SignetConfig)}, with the pool's meters (hikaricp_*) in {@code meters} when it is not null. */
    public static Database open(SignetConfig config, MeterRegistry meters) {
        RoundTripCounter roundTrips = new RoundTripCounter();
        HikariConfig hc = new HikariConfig();
        // The pool holds counted driver connections, so its own checks and resets are counted as well.
        hc.setDataSource(roundTrips.wrap(new DriverConnections(config.databaseUrl(), config.databaseUser(),
                config.databasePassword())));
        hc.setMaximumPoolSize(config.databasePoolSize());
        hc.setPoolName("signet-db");
        hc.setConnectionTimeout(5_000);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Start even if the database is briefly unreachable; readiness reports it.
        hc.setInitializationFailTimeout(-1);
        if (meters != null) {
            hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, roundTrips);
    }

    /**
     * Applies pending migrations. Flyway holds a lock while it does (a PostgreSQL advisory lock, on by
     * default and not to be turned off), so nodes starting together migrate once: the others wait, then
     * find nothing to do.
     */
    private static void migrate(DataSource ds) {
        var result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .javaMigrations(new V5__MoveAttributeMappingsToPropertyMappings())
                .failOnMissingLocations(true)
                .load()
                .migrate();
        log.info("database schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
    }

    public <R, X extends Exception> R read(HandleCallback<R, X> callback) throws X {
        return jdbi.withHandle(callback);
    }

    public <R, X extends Exception> R transaction(HandleCallback<R, X> callback) throws X {
        // READ COMMITTED is the pool's level for every connection, set once when it opens: asking Jdbi for
        // a level here would read and set it around every transaction, four extra round trips on PostgreSQL.
        return jdbi.inTransaction(callback);
    }

    /** The round trips made to the database by this node. */
    public RoundTripCounter roundTrips() {
        return roundTrips;
    }

    /** True when a trivial query answers within the pool's connection timeout. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
