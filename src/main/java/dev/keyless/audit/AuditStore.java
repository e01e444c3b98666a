package dev.keyless.audit;

import dev.keyless.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SQL of the audit log, one statement per operation, portable between SQLite and PostgreSQL
 * (schema: {@code db/migration/V3__audit_events.sql}). Times are epoch microseconds.
 */
public final class AuditStore {
    private static final String COLUMNS = "occurred_at, request_id, kind, decision, reason, message,"
            + " explanation, issuer, subject, audience, role, session_name, client_address, user_agent,"
            + " jti, token_sha256";
    static final String INSERT = "INSERT INTO audit_events (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;
    private final AuditLog writer;

    /** The store of {@code database}, as written by {@code writer}, whose pending events each query sees. */
    public AuditStore(Database database, AuditLog writer) {
        this.database = Objects.requireNonNull(database, "database");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** The store of {@code database} without a writer in this process (nothing pending to see). */
    public AuditStore(Database database) {
        this(database, AuditLog.disabled());
    }

    Database database() {
        return database;
    }

    /** Inserts {@code events} with one batched statement on {@code tx}; the caller commits. */
    static void insertBatch(Connection tx, List<AuditEvent> events) throws SQLException {
        try (PreparedStatement insert = tx.prepareStatement(INSERT)) {
            for (AuditEvent e : events) {
                bind(insert, 0, e);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Most rows in one multi-row INSERT: 16 parameters a row stays far below SQLite's (32,766) and
     * PostgreSQL's (65,535) limits on bound parameters.
     */
    static final int MAX_ROWS_PER_INSERT = 32;

    /** One INSERT of {@code rows} rows ({@code VALUES (…), (…)}: SQLite 3.7.11 and later, PostgreSQL). */
    static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(INSERT);
        for (int i = 1; i < rows; i++) {
            sql.append(", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }

    /** Binds {@code events} to a statement of {@link #insertSql} with as many rows. */
    static void bindRows(PreparedStatement insert, List<AuditEvent> events) throws SQLException {
        for (int row = 0; row < events.size(); row++) {
            bind(insert, row * COLUMN_COUNT, events.get(row));
        }
    }

    private static final int COLUMN_COUNT = 16;

    private static void bind(PreparedStatement insert, int offset, AuditEvent e) throws SQLException {
        insert.setLong(offset + 1, micros(e.time()));
        insert.setString(offset + 2, e.requestId());
        insert.setString(offset + 3, e.kind().name());
        insert.setString(offset + 4, e.decision().name());
        setNullable(insert, offset + 5, e.reason());
        setNullable(insert, offset + 6, e.message());
        setNullable(insert, offset + 7, e.explanation());
        setNullable(insert, offset + 8, e.issuer());
        setNullable(insert, offset + 9, e.subject());
        setNullable(insert, offset + 10, e.audience());
        setNullable(insert, offset + 11, e.role());
        setNullable(insert, offset + 12, e.sessionName());
        setNullable(insert, offset + 13, e.clientAddress());
        setNullable(insert, offset + 14, e.userAgent());
        setNullable(insert, offset + 15, e.jti());
        setNullable(insert, offset + 16, e.tokenSha256());
    }

    /** The events matching {@code query}, newest first. */
    public List<AuditEvent> query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        writer.flush();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.deniedOnly()) {
            sql.append(" AND decision = ?");
            args.add(AuditDecision.DENY.name());
        }
        if (query.since() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(micros(query.since()));
        }
        addEquals(sql, args, "request_id", query.requestId());
        if (query.requestIdPart() != null) {
            // replace, not LIKE or instr: case-sensitive and without wildcards in both SQLite and
            // PostgreSQL (LIKE ignores case in SQLite; instr is SQLite's, strpos PostgreSQL's).
            sql.append(" AND replace(request_id, ?, '') <> request_id");
            args.add(query.requestIdPart());
        }
        addEquals(sql, args, "role", query.role());
        addEquals(sql, args, "subject", query.subject());
        addEquals(sql, args, "kind", query.kind() == null ? null : query.kind().name());
        sql.append(" ORDER BY occurred_at DESC, request_id DESC LIMIT ?");
        args.add(query.limit());
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                List<AuditEvent> events = new ArrayList<>();
                while (rows.next()) {
                    events.add(read(rows));
                }
                return events;
            }
        } catch (SQLException e) {
            throw new AuditStoreException("audit: query failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the events older than {@code cutoff} (retention); returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM audit_events WHERE occurred_at < ?")) {
            delete.setLong(1, micros(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new AuditStoreException("audit: retention purge failed: " + e.getMessage(), e);
        }
    }

    private static void addEquals(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static AuditEvent read(ResultSet rows) throws SQLException {
        long micros = rows.getLong(1);
        Instant time = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        return new AuditEvent(time, rows.getString(2), AuditKind.valueOf(rows.getString(3)),
                AuditDecision.valueOf(rows.getString(4)), rows.getString(5), rows.getString(6),
                rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10),
                rows.getString(11), rows.getString(12), rows.getString(13), rows.getString(14),
                rows.getString(15), rows.getString(16));
    }

    static long micros(Instant time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time);
    }
}
