package dev.keyless.audit;

import dev.keyless.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;

/** The audit contract on the default store: SQLite (WAL) in a temporary folder. */
class SqliteAuditStoreTest extends AuditStoreContract {
    @TempDir
    Path tmp;

    @Override
    Database openDatabase() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        return Database.open("jdbc:sqlite:" + tmp.resolve("keyless.db"), clock);
    }
}
