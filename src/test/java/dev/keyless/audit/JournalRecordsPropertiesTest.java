package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The journal layout read back after a crash: every event comes back equal, a file cut at any
 * byte (a process killed during a write, or a power loss) gives exactly the events whose records
 * are complete, and a changed byte never yields an event that was not written.
 */
class JournalRecordsPropertiesTest {

    @Provide
    Arbitrary<AuditEvent> events() {
        // Well-formed UTF-16 (no lone surrogates): what the store keeps of a string is its UTF-8 form.
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(300).injectNull(0.3);
        Arbitrary<Instant> time = Arbitraries.longs().between(0, 4_102_444_800L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        Arbitrary<String> fingerprint = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16).injectNull(0.3);
        return Combinators.combine(time, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(60),
                        Arbitraries.of(AuditKind.class), Arbitraries.of(AuditDecision.class), text, text, text,
                        fingerprint)
                // The record's constructor, as the stores build events: an explanation of any text, not
                // only the ASCII JSON the builder writes, must come back from the journal unchanged.
                .as((t, id, kind, decision, message, explanation, subject, sha) -> new AuditEvent(t, id, kind, decision,
                        null, message, explanation, null, subject, null, null, null, null, message, subject, sha));
    }

    @Provide
    Arbitrary<List<AuditEvent>> journals() {
        return events().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<AuditEvent>> nonEmptyJournals() {
        return events().list().ofMinSize(1).ofMaxSize(6);
    }

    static byte[] journal(List<AuditEvent> events) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(JournalRecords.HEADER);
        events.forEach(e -> out.writeBytes(JournalRecords.encode(e)));
        return out.toByteArray();
    }

    @Property(tries = 300)
    void decodeWhenWholeThenEveryEventComesBackEqual(@ForAll("journals") List<AuditEvent> events) {
        JournalRecords.Contents read = JournalRecords.decode(journal(events));
        assertThat(read.events()).isEqualTo(events);
        assertThat(read.unreadableBytes()).isZero();
    }

    @Property(tries = 300)
    void decodeWhenCutAnywhereThenExactlyTheCompleteRecordsComeBack(
            @ForAll("nonEmptyJournals") List<AuditEvent> events,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cutSeed) {
        byte[] whole = journal(events);
        int cut = cutSeed % (whole.length + 1);
        int complete = 0;
        int end = JournalRecords.HEADER.length;
        for (AuditEvent e : events) {
            end += JournalRecords.encode(e).length;
            if (end <= cut) {
                complete++;
            }
        }
        JournalRecords.Contents read = JournalRecords.decode(Arrays.copyOf(whole, cut));
        if (cut < JournalRecords.HEADER.length) {
            assertThat(read.events()).isEmpty();
        } else {
            assertThat(read.events()).isEqualTo(events.subList(0, complete));
        }
    }

    @Property(tries = 300)
    void decodeWhenOneByteChangedThenOnlyEventsThatWereWrittenComeBack(
            @ForAll("nonEmptyJournals") List<AuditEvent> events,
            @ForAll @IntRange(min = 0, max = 1_000_000) int positionSeed, @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] bytes = journal(events);
        int position = positionSeed % bytes.length;
        bytes[position] ^= (byte) flip;
        List<AuditEvent> read = JournalRecords.decode(bytes).events();
        assertThat(read.size()).isLessThan(events.size() + 1);
        assertThat(read).isEqualTo(events.subList(0, read.size()));
    }
}
