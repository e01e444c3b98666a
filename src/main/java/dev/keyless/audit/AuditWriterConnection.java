package dev.keyless.audit;

import dev.keyless.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit writer's own connection, kept between batches with its INSERT statements by row count
 * (preparing the INSERT was a measurable share of each commit's CPU; bench/RESULTS.md). Used by one
 * thread at a time; {@link #close()} returns the connection to the pool, and the next use opens
 * another (after a failure the connection may be what failed, e.g. a PostgreSQL restart).
 */
final class AuditWriterConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriterConnection.class);

    private final Database database;
    private Connection connection;
    private final Map<Integer, PreparedStatement> inserts = new HashMap<>();

    AuditWriterConnection(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The connection, auto-commit on unless the caller turned it off for a transaction. */
    Connection get() throws SQLException {
        if (connection == null) {
            connection = database.dataSource().getConnection();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    /**
     * Inserts {@code events} in statements of up to {@link AuditStore#MAX_ROWS_PER_INSERT} rows
     * each; in auto-commit mode a batch of at most that many is one statement, so one transaction.
     */
    void insert(List<AuditEvent> events) throws SQLException {
        Connection c = get();
        for (int from = 0; from < events.size(); from += AuditStore.MAX_ROWS_PER_INSERT) {
            List<AuditEvent> rows = events.subList(from, Math.min(events.size(), from + AuditStore.MAX_ROWS_PER_INSERT));
            PreparedStatement statement = inserts.get(rows.size());
            if (statement == null) {
                statement = c.prepareStatement(AuditStore.insertSql(rows.size()));
                inserts.put(rows.size(), statement);
            }
            AuditStore.bindRows(statement, rows);
            statement.executeUpdate();
        }
    }

    /** Work inside one transaction; may also throw {@code X} (e.g. reading a file it inserts from). */
    interface Work<X extends Exception> {
        void run(Connection c) throws SQLException, X;
    }

    /**
     * Runs {@code work} in one transaction and commits it; on any failure rolls back (a failed
     * rollback is added to the failure) and rethrows. Auto-commit is on again afterwards.
     */
    <X extends Exception> void inTransaction(Work<X> work) throws SQLException, X {
        Connection c = get();
        c.setAutoCommit(false);
        try {
            work.run(c);
            c.commit();
        } catch (Exception e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Returns the connection to the pool (its statements close with it). */
    @Override
    public void close() {
        inserts.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("audit: closing the writer's connection failed: {}", e.toString());
            }
            connection = null;
        }
    }
}
