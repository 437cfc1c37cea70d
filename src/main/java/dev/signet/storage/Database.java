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
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, schema migrations and the Jdbi entry point. Every read or write goes through
 * {@link #read} or {@link #transaction}, so a write that spans rows is always one transaction.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
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
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.databaseUrl());
        hc.setUsername(config.databaseUser());
        hc.setPassword(config.databasePassword());
        hc.setMaximumPoolSize(config.databasePoolSize());
        hc.setPoolName("signet-db");
        hc.setConnectionTimeout(5_000);
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
        return new Database(ds);
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
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
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
