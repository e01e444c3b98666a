package dev.keyless.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The byte layout of an audit journal file ({@link JournalAuditLog}): a header, then one record per
 * event, each {@code [payload length: int][CRC-32C of the payload: int][payload]}, big-endian.
 * The payload is a version byte, the time (epoch second, nanosecond) and the event's fifteen
 * text components as {@code [UTF-8 length or -1 for null][bytes]}, in the record's order.
 *
 * <p>Written by hand, not with a serialization library: the layout is private to one process
 * and its successor, read back only to recover events after a crash, and a fixed binary form is
 * one array copy per string where JSON would escape every quote of the embedded explanation
 * (2–3 KB per exchange). The checksum is what makes a torn final record (a process killed during
 * its {@code write(2)}, or a power loss) recognisable: reading stops there, and that record's
 * request never got its response.
 */
final class JournalRecords {
    /** The first bytes of every journal file: a name and the layout's version. */
    static final byte[] HEADER = "keyless-audit-journal 1\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte VERSION = 1;
    private static final int RECORD_OVERHEAD = 8;
    /** No event comes close (FieldBounds caps every component); a larger length is a torn record. */
    static final int MAX_PAYLOAD = 4 << 20;

    private JournalRecords() {}

    /** One event as one record, ready to append. */
    static byte[] encode(AuditEvent e) {
        byte[][] texts = {
            utf8(e.requestId()), utf8(e.kind().name()), utf8(e.decision().name()), utf8(e.reason()),
            utf8(e.message()), utf8(e.explanation()), utf8(e.issuer()), utf8(e.subject()),
            utf8(e.audience()), utf8(e.role()), utf8(e.sessionName()), utf8(e.clientAddress()),
            utf8(e.userAgent()), utf8(e.jti()), utf8(e.tokenSha256())
        };
        int payload = 1 + Long.BYTES + Integer.BYTES;
        for (byte[] t : texts) {
            payload += Integer.BYTES + (t == null ? 0 : t.length);
        }
        ByteBuffer out = ByteBuffer.allocate(RECORD_OVERHEAD + payload);
        out.putInt(payload).putInt(0);
        out.put(VERSION).putLong(e.time().getEpochSecond()).putInt(e.time().getNano());
        for (byte[] t : texts) {
            if (t == null) {
                out.putInt(-1);
            } else {
                out.putInt(t.length).put(t);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), RECORD_OVERHEAD, payload);
        out.putInt(Integer.BYTES, (int) crc.getValue());
        return out.array();
    }

    /**
     * What a journal file holds: the events of its complete records, in order, and how many bytes
     * after the last of them could not be read (a torn or corrupt tail; 0 for a clean file).
     */
    record Contents(List<AuditEvent> events, long unreadableBytes) {}

    /** Reads {@code file} (a whole journal) up to its first incomplete or corrupt record. */
    static Contents decode(byte[] file) {
        List<AuditEvent> events = new ArrayList<>();
        try (Reader reader = new Reader(new ByteArrayInputStream(file))) {
            for (AuditEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
            return new Contents(events, file.length - reader.consumed());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /**
     * Reads a journal record by record, so that recovering a large one needs memory for one record
     * (at most {@link #MAX_PAYLOAD}), not for the file: {@link #next()} returns null at the end or
     * at the first incomplete or corrupt record; {@link #consumed()} counts the bytes of the header
     * and the complete records read so far.
     */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private long consumed;
        private boolean ended;

        Reader(InputStream in) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
            byte[] header = this.in.readNBytes(HEADER.length);
            ended = !Arrays.equals(header, HEADER);
            consumed = ended ? 0 : HEADER.length;
        }

        AuditEvent next() throws IOException {
            if (ended) {
                return null;
            }
            byte[] head = in.readNBytes(RECORD_OVERHEAD);
            ByteBuffer h = ByteBuffer.wrap(head);
            int payload = head.length == RECORD_OVERHEAD ? h.getInt() : -1;
            if (payload < 0 || payload > MAX_PAYLOAD) {
                ended = true;
                return null;
            }
            byte[] body = in.readNBytes(payload);
            CRC32C crc = new CRC32C();
            crc.update(body);
            AuditEvent event = body.length == payload && (int) crc.getValue() == h.getInt(Integer.BYTES)
                    ? event(ByteBuffer.wrap(body))
                    : null;
            if (event == null) {
                ended = true;
                return null;
            }
            consumed += RECORD_OVERHEAD + payload;
            return event;
        }

        long consumed() {
            return consumed;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The event of one checksummed payload; null if its layout is not this version's. */
    private static AuditEvent event(ByteBuffer in) {
        try {
            if (in.get() != VERSION) {
                return null;
            }
            Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
            String[] t = new String[15];
            for (int i = 0; i < t.length; i++) {
                int length = in.getInt();
                if (length >= 0) {
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    t[i] = new String(bytes, StandardCharsets.UTF_8);
                }
            }
            if (in.hasRemaining()) {
                return null;
            }
            return new AuditEvent(time, t[0], AuditKind.valueOf(t[1]), AuditDecision.valueOf(t[2]), t[3], t[4], t[5],
                    t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14]);
        } catch (RuntimeException malformed) {
            // A checksum collision or a record of another build: not an event this version can read.
            return null;
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
