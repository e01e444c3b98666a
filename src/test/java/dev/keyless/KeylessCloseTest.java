package dev.keyless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.KeylessTestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing Keyless leaves no thread of it running: an embedded or restarted instance leaks nothing. */
class KeylessCloseTest {

    @Test
    void closeStopsTheKeyRingRefreshThread(@TempDir Path dir) throws Exception {
        // Other tests in this JVM may have left their own refresh threads: only the new one counts.
        Set<Thread> before = Set.copyOf(refreshThreads());
        KeylessTestServer server = KeylessTestServer.startExample(dir);
        List<Thread> started = refreshThreads().stream().filter(t -> !before.contains(t)).toList();
        assertThat(started).as("refresh threads started by this server").hasSize(1);
        Thread refresh = started.getFirst();
        assertThat(refresh.isAlive()).isTrue();

        server.close();

        // close() joins the thread, so no waiting here: it is gone when close returns.
        assertThat(refresh.isAlive()).as("refresh thread alive after close").isFalse();
        assertThat(refreshThreads()).doesNotContain(refresh);
    }

    private static List<Thread> refreshThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(Keyless.KEY_REFRESH_THREAD)).toList();
    }
}
