package dev.keyless.archfixture.decision;

import java.sql.Connection;

/** A decision that does I/O, so {@code PackageBoundariesTest} can show its rule bites. Never used. */
final class ReadsTheDatabase {
    private ReadsTheDatabase() {}

    static boolean decide(Connection connection) throws java.sql.SQLException {
        return connection.isValid(1);
    }
}
