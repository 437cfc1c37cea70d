package dev.signet.storage;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts database round trips: every JDBC call that the PostgreSQL driver answers with a message
 * exchange with the server (a statement or batch executed, a commit or rollback, a savepoint, an
 * isolation level read or set, a liveness check). It wraps the driver's connections underneath the
 * pool, so the pool's own checks and resets count too. On H2 the same calls are counted, although
 * H2 runs in-process: the figure is what the same traffic would cost on PostgreSQL.
 *
 * <p>The count is kept in total, per thread and for work outside requests; a request's count is the
 * difference on its thread between {@link #startRequest} and {@link #endRequest}. Only the connections
 * and statements are wrapped: what {@code unwrap} returns (the driver's own object) is not counted.
 * With TRACE on for this class each round trip is logged with its SQL (never the bound values).
 */
public final class RoundTripCounter {
    private static final Logger log = LoggerFactory.getLogger(RoundTripCounter.class);
    private static final Set<String> CONNECTION_ROUND_TRIPS = Set.of("commit", "rollback", "setSavepoint",
            "releaseSavepoint", "setTransactionIsolation", "getTransactionIsolation", "isValid");
    private static final Set<String> STATEMENT_ROUND_TRIPS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final LongAdder total = new LongAdder();
    private final LongAdder outsideRequests = new LongAdder();
    private final ThreadLocal<ThreadCount> perThread = ThreadLocal.withInitial(ThreadCount::new);

    /** A thread's own count, and whether it is serving a request now. */
    private static final class ThreadCount {
        long count;
        boolean inRequest;
    }

    /** Round trips since the node started, on every thread. */
    public long total() {
        return total.sum();
    }

    /** Round trips made outside any request (start-up, batches, reloads, housekeeping); never decreases. */
    public long outsideRequests() {
        return outsideRequests.sum();
    }

    /** Marks the calling thread as serving a request from now on; give the result to {@link #endRequest}. */
    public long startRequest() {
        ThreadCount t = perThread.get();
        t.inRequest = true;
        return t.count;
    }

    /** Ends the calling thread's request and returns the round trips it made since {@code mark}. */
    public long endRequest(long mark) {
        ThreadCount t = perThread.get();
        t.inRequest = false;
        return t.count - mark;
    }

    private void count(String call, String sql) {
        total.increment();
        ThreadCount t = perThread.get();
        t.count++;
        if (!t.inRequest) {
            outsideRequests.increment();
        }
        if (log.isTraceEnabled()) {
            log.trace("round trip: {}{}", call, sql == null ? "" : " " + sql);
        }
    }

    /** The driver's data source with every connection it opens counted. */
    public DataSource wrap(DataSource driver) {
        return new CountingDataSource(driver);
    }

    private final class CountingDataSource implements DataSource {
        private final DataSource driver;

        CountingDataSource(DataSource driver) {
            this.driver = driver;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counted(driver.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counted(driver.getConnection(username, password));
        }

        private Connection counted(Connection c) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    new ConnectionHandler(c));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return driver.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            driver.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            driver.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return driver.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return driver.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return driver.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return driver.isWrapperFor(type);
        }
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection connection;

        ConnectionHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (CONNECTION_ROUND_TRIPS.contains(name)) {
                count(name, null);
            }
            Object identity = identity(proxy, method, args);
            if (identity != null) {
                return identity;
            }
            Object result = call(connection, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                Class<?> type = result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                        new StatementHandler(statement, sql, (Connection) proxy));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Statement statement;
        private final String preparedSql;
        private final Connection connection;

        StatementHandler(Statement statement, String preparedSql, Connection connection) {
            this.statement = statement;
            this.preparedSql = preparedSql;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (STATEMENT_ROUND_TRIPS.contains(name)) {
                count(name, args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql);
            }
            if (name.equals("getConnection") && method.getParameterCount() == 0) {
                return connection;
            }
            Object identity = identity(proxy, method, args);
            return identity != null ? identity : call(statement, method, args);
        }
    }

    /** A proxy is equal only to itself and hashes as itself; null for every other method (passed on). */
    private static Object identity(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> method.getParameterCount() == 1 ? proxy == args[0] : null;
            case "hashCode" -> method.getParameterCount() == 0 ? System.identityHashCode(proxy) : null;
            default -> null;
        };
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
