package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which connection the soft cap closes, and when the deadlines close one: real loopback sockets. */
class ConnectionGuardTest {
    private final AtomicLong now = new AtomicLong();
    private final List<SocketChannel> channels = new ArrayList<>();
    private ServerSocketChannel listener;
    private ConnectionGuard guard;

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        guard = new ConnectionGuard(2, Duration.ofSeconds(10), Duration.ofSeconds(30), now::get);
    }

    @AfterEach
    void close() throws IOException {
        guard.close();
        for (SocketChannel c : channels) {
            c.close();
        }
        listener.close();
    }

    /** A connected pair: the server side, registered with the guard as Helidon's accept hook would. */
    private SocketChannel accept() throws IOException {
        return acceptFrom("127.0.0.1");
    }

    /** The same, from another loopback address (Linux routes all of 127.0.0.0/8 to lo). */
    private SocketChannel acceptFrom(String clientAddress) throws IOException {
        SocketChannel client = SocketChannel.open();
        client.bind(new InetSocketAddress(InetAddress.getByName(clientAddress), 0));
        client.connect(listener.getLocalAddress());
        SocketChannel server = listener.accept();
        channels.add(client);
        channels.add(server);
        guard.accepted(server);
        return server;
    }

    private void serve(SocketChannel server) throws IOException {
        guard.requestRead(server.getRemoteAddress());
        guard.responded(server.getRemoteAddress());
    }

    private static void awaitClosed(SocketChannel c) throws InterruptedException {
        for (int i = 0; i < 200 && c.isOpen(); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void atTheCapANeverServedConnectionIsClosedBeforeAnOlderKeptAliveOne() throws Exception {
        SocketChannel keptAlive = accept();
        serve(keptAlive);
        SocketChannel silent = accept();

        SocketChannel next = accept();
        awaitClosed(silent);

        assertThat(silent.isOpen()).isFalse();
        assertThat(keptAlive.isOpen()).isTrue();
        assertThat(next.isOpen()).isTrue();
        assertThat(guard.openConnections()).isEqualTo(2);
    }

    @Test
    void whenEveryConnectionHasBeenServedTheOldestIsClosed() throws Exception {
        SocketChannel first = accept();
        serve(first);
        SocketChannel second = accept();
        serve(second);

        accept();
        awaitClosed(first);

        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void aConnectionWhoseRequestIsBeingServedIsNeverClosed() throws Exception {
        SocketChannel busy = accept();
        guard.requestRead(busy.getRemoteAddress());
        SocketChannel waiting = accept();

        accept();
        awaitClosed(waiting);
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        guard.closeExpired();

        assertThat(waiting.isOpen()).isFalse();
        assertThat(busy.isOpen()).isTrue();
    }

    @Test
    void aRequestNotReadWithinTheDeadlineClosesTheConnectionAndAKeptAliveOneLastsTheKeepAliveTime() throws Exception {
        SocketChannel slow = accept();
        SocketChannel keptAlive = accept();
        serve(keptAlive);

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        guard.closeExpired();
        assertThat(slow.isOpen()).isFalse();
        assertThat(keptAlive.isOpen()).isTrue();

        now.addAndGet(Duration.ofSeconds(20).toNanos());
        guard.closeExpired();
        assertThat(keptAlive.isOpen()).isFalse();
    }

    @Test
    void atTheCapTheAddressHoldingTheMostConnectionsLosesOneEvenWhenAnotherAddressHoldsAnOlderUnreadOne() throws Exception {
        guard.close();
        guard = new ConnectionGuard(3, Duration.ofSeconds(10), Duration.ofSeconds(30), now::get);
        SocketChannel legitimateNotYetRead = acceptFrom("127.0.0.1");
        SocketChannel flood1 = acceptFrom("127.0.0.2");
        SocketChannel flood2 = acceptFrom("127.0.0.2");

        SocketChannel flood3 = acceptFrom("127.0.0.2");
        awaitClosed(flood1);

        assertThat(flood1.isOpen()).isFalse();
        assertThat(legitimateNotYetRead.isOpen()).isTrue();
        assertThat(flood2.isOpen()).isTrue();
        assertThat(flood3.isOpen()).isTrue();
    }
}
