package dev.keyless.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Request ids are RFC 9562 version 7 UUIDs: the text a client sees parses as a UUID of version 7 and
 * variant 2 (section 5.7, section 4.1) whose first 48 bits are the Unix milliseconds it was made at,
 * so that ids of later requests sort after earlier ones — what keeps the audit table's request-id
 * index appending instead of touching a random page per event.
 */
class RequestIdPropertiesTest {
    /** Up to the year 10889: the 48-bit field's range. */
    private static final long MAX_MILLIS = (1L << 48) - 1;

    @Property(tries = 2000)
    void requestIdWhenAnyTimeThenVersion7Variant2WithThatTime(@ForAll @LongRange(min = 0, max = MAX_MILLIS) long millis) {
        String id = KeylessHttpServer.requestId(millis);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Property(tries = 2000)
    void requestIdWhenLaterMillisecondThenSortsAfter(@ForAll @LongRange(min = 0, max = MAX_MILLIS - 1) long earlier,
            @ForAll @LongRange(min = 1, max = 1_000_000) long gap) {
        long later = Math.min(MAX_MILLIS, earlier + gap);
        assertThat(KeylessHttpServer.requestId(later)).isGreaterThan(KeylessHttpServer.requestId(earlier));
    }

    @Example
    void requestIdWhenSameMillisecondThenStillDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(KeylessHttpServer.requestId(1_764_000_000_000L));
        }
        // 74 random bits each: a collision among 100,000 would be a broken generator, not bad luck.
        assertThat(ids).hasSize(100_000);
    }
}
