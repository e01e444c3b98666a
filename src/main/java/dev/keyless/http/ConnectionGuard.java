package dev.keyless.http;

import io.helidon.common.socket.SocketOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Bounds what a client that sends nothing, or sends slowly, can hold: every accepted connection
 * costs heap (Helidon's socket buffer, a virtual thread's stack, about 19 KB), so unbounded
 * idle or trickling connections are an out-of-memory by a client with no credentials.
 *
 * <p>Helidon 4 has a connection cap ({@code maxTcpConnections}, kept as the backstop) but at the
 * cap it stops accepting, so whoever holds the slots locks everyone else out; its
 * {@code idleConnectionTimeout} only sees a connection once its first bytes identified the
 * protocol, and stops interrupting once a request line has been read; its {@code readTimeout} is
 * not applied to server sockets. What it lacks is added here, and only that:
 * <ul>
 *   <li>a deadline for the request head and body: from accept, or from the end of the previous
 *       response on a kept-alive connection, a request must be read completely within
 *       {@code requestDeadline} (idle time included), else the connection is closed — one byte
 *       every few seconds holds nothing for longer;
 *   <li>a soft cap: at {@code maxConnections} open, accepting one more closes the oldest
 *       connection that is not being served (idle or still sending) of the client address holding
 *       the most connections, so a flood of connections evicts itself instead of shutting out the
 *       next legitimate client. Connections that never
 *       completed a request go first: a client's kept-alive connection (the SDKs pool theirs) has
 *       proven itself and is the oldest, so plain oldest-first would close exactly it.
 * </ul>
 * A connection whose request has been read is never closed here: handlers run to the end.
 * Connections are keyed by the client's address and port, which is how a request names its
 * connection ({@code ServerRequest.remotePeer()}).
 */
final class ConnectionGuard implements AutoCloseable {
    private final int maxConnections;
    private final long requestDeadlineNanos;
    private final long keepAliveNanos;
    private final LongSupplier nanoTime;
    /** In accept order, so the first evictable entry is the oldest. Guarded by itself. */
    private final LinkedHashMap<SocketAddress, Tracked> open = new LinkedHashMap<>();
    private final ScheduledExecutorService reaper;

    private static final class Tracked {
        final SocketChannel channel;
        /** System.nanoTime() by which the current request must have been read; busy while serving. */
        long deadline;
        boolean busy;
        /** A response was written on it: a client that speaks HTTP, not a socket held open. */
        boolean served;

        Tracked(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }
    }

    ConnectionGuard(int maxConnections, Duration requestDeadline, Duration keepAlive, LongSupplier nanoTime) {
        this.maxConnections = maxConnections;
        this.requestDeadlineNanos = requestDeadline.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
        this.nanoTime = nanoTime;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyless-connection-guard");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, requestDeadline.toMillis() / 10);
        reaper.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
    }

    /** Helidon's connection options with the accept hook of this guard (called on the accepting thread). */
    SocketOptions socketOptions() {
        SocketOptions defaults = SocketOptions.builder().build();
        return new SocketOptions() {
            @Override
            public void configureSocket(SocketChannel socket) {
                defaults.configureSocket(socket);
                accepted(socket);
            }

            @Override
            public void configureSocket(java.net.Socket socket) {
                defaults.configureSocket(socket);
            }

            @Override
            public Map<SocketOption<?>, Object> socketOptions() {
                return defaults.socketOptions();
            }

            @Override
            public Duration connectTimeout() {
                return defaults.connectTimeout();
            }

            @Override
            public Duration readTimeout() {
                return defaults.readTimeout();
            }

            @Override
            public Optional<Integer> socketReceiveBufferSize() {
                return defaults.socketReceiveBufferSize();
            }

            @Override
            public Optional<Integer> socketSendBufferSize() {
                return defaults.socketSendBufferSize();
            }

            @Override
            public boolean socketReuseAddress() {
                return defaults.socketReuseAddress();
            }

            @Override
            public boolean socketKeepAlive() {
                return defaults.socketKeepAlive();
            }

            @Override
            public boolean tcpNoDelay() {
                return defaults.tcpNoDelay();
            }
        };
    }

    void accepted(SocketChannel channel) {
        SocketAddress peer;
        try {
            peer = channel.getRemoteAddress();
        } catch (IOException e) {
            return;
        }
        SocketChannel evict = null;
        synchronized (open) {
            if (open.size() >= maxConnections) {
                evict = evictOne();
            }
            // A client port can be reused once its old connection is gone: the new connection must
            // take the newest place, not inherit the old entry's place at the front of the eviction order.
            open.remove(peer);
            open.put(peer, new Tracked(channel, nanoTime.getAsLong() + requestDeadlineNanos));
        }
        if (evict != null) {
            // Closed off the accepting thread, which is what a flood of connections saturates.
            SocketChannel victim = evict;
            reaper.execute(() -> closeQuietly(victim));
        }
    }

    /** The request on this connection has been read: it is served to the end, whatever the deadline. */
    void requestRead(SocketAddress peer) {
        synchronized (open) {
            Tracked t = open.get(peer);
            if (t != null) {
                t.busy = true;
            }
        }
    }

    /** The response has been written: the next request must arrive, complete, within the keep-alive time. */
    void responded(SocketAddress peer) {
        synchronized (open) {
            Tracked t = open.get(peer);
            if (t != null) {
                t.busy = false;
                t.served = true;
                t.deadline = nanoTime.getAsLong() + keepAliveNanos;
            }
        }
    }

    /**
     * Ends the connection after the response just written, for a request that said
     * {@code Connection: close} (RFC 9112 section 9.6): Helidon adds the header to the response
     * but waits for the client's next request. Shutting down output sends the FIN after the
     * response; shutting down input ends Helidon's read, so it closes the connection itself.
     */
    void closeAfterResponse(SocketAddress peer) {
        SocketChannel channel;
        synchronized (open) {
            Tracked t = open.remove(peer);
            channel = t == null ? null : t.channel;
        }
        if (channel != null) {
            try {
                channel.shutdownOutput();
                channel.shutdownInput();
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
            }
        }
    }

    int openConnections() {
        synchronized (open) {
            return open.size();
        }
    }

    /**
     * Drops closed entries; removes and returns a connection not being served: from the client
     * address holding the most connections, the oldest that never completed a request, else its
     * oldest kept-alive one; when every connection of that address is busy, the same choice over
     * all addresses. One flooding address then only ever evicts itself: a legitimate client's
     * connection that was accepted but not yet read (the server is busy accepting the flood) is
     * not closed because it happens to be older than the flood's newest sockets.
     */
    private SocketChannel evictOne() {
        Map<Object, Integer> perHost = new HashMap<>();
        Object busiestHost = null;
        int busiest = 0;
        for (Iterator<Map.Entry<SocketAddress, Tracked>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SocketAddress, Tracked> e = it.next();
            if (!e.getValue().channel.isOpen()) {
                it.remove();
                continue;
            }
            Object host = host(e.getKey());
            int count = perHost.merge(host, 1, Integer::sum);
            if (count > busiest) {
                busiest = count;
                busiestHost = host;
            }
        }
        SocketChannel fromBusiest = evictFrom(busiestHost);
        return fromBusiest != null ? fromBusiest : evictFrom(null);
    }

    /** The oldest idle connection of {@code host} (any host when null), never-served ones first. */
    private SocketChannel evictFrom(Object host) {
        SocketAddress oldestServedPeer = null;
        for (Map.Entry<SocketAddress, Tracked> e : open.entrySet()) {
            Tracked t = e.getValue();
            if (t.busy || (host != null && !host.equals(host(e.getKey())))) {
                continue;
            }
            if (!t.served) {
                open.remove(e.getKey());
                return t.channel;
            }
            if (oldestServedPeer == null) {
                oldestServedPeer = e.getKey();
            }
        }
        return oldestServedPeer == null ? null : open.remove(oldestServedPeer).channel;
    }

    /** The client's IP address (its port differs per connection); the whole address when not IP. */
    private static Object host(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress() : peer;
    }

    void closeExpired() {
        long now = nanoTime.getAsLong();
        java.util.List<SocketChannel> expired = new java.util.ArrayList<>();
        synchronized (open) {
            for (Iterator<Tracked> it = open.values().iterator(); it.hasNext(); ) {
                Tracked t = it.next();
                if (!t.channel.isOpen()) {
                    it.remove();
                } else if (!t.busy && now - t.deadline > 0) {
                    expired.add(t.channel);
                    it.remove();
                }
            }
        }
        expired.forEach(ConnectionGuard::closeQuietly);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
    }
}
