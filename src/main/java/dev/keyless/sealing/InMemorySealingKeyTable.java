package dev.keyless.sealing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keys in memory, for tests and single-process tools. */
final class InMemorySealingKeyTable implements SealingKeyTable {

    private final List<Row> rows = new ArrayList<>();

    @Override
    public synchronized List<Row> loadAll() {
        return List.copyOf(rows);
    }

    @Override
    public synchronized void rotate(Row fresh, Instant now, Instant dropBefore) {
        rows.replaceAll(r -> r.retiredAt() == null ? new Row(r.id(), r.createdAt(), now, r.wrapped()) : r);
        rows.removeIf(r -> r.retiredAt() != null && r.retiredAt().isBefore(dropBefore));
        rows.add(fresh);
    }
}
