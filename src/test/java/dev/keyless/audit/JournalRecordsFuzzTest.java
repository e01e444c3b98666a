package dev.keyless.audit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A journal file read after a crash may hold anything (a torn write, a disk error): reading it never
 * throws, and every event it yields is exactly a complete record at the start of the file, never
 * one pieced together from damaged bytes. Corpus under JournalRecordsFuzzTestInputs.
 */
class JournalRecordsFuzzTest {

    @FuzzTest
    void fuzzDecode(FuzzedDataProvider data) {
        boolean withHeader = data.consumeBoolean();
        byte[] rest = data.consumeRemainingAsBytes();
        var file = new ByteArrayOutputStream();
        if (withHeader) {
            file.writeBytes(JournalRecords.HEADER);
        }
        file.writeBytes(rest);
        byte[] bytes = file.toByteArray();
        JournalRecords.Contents read = JournalRecords.decode(bytes);
        var again = new ByteArrayOutputStream();
        if (!read.events().isEmpty()) {
            again.writeBytes(JournalRecords.HEADER);
            read.events().forEach(e -> again.writeBytes(JournalRecords.encode(e)));
        }
        byte[] readable = Arrays.copyOf(bytes, (int) (bytes.length - read.unreadableBytes()));
        if (!read.events().isEmpty() && !Arrays.equals(again.toByteArray(), readable)) {
            throw new IllegalStateException("decoded events are not exactly the file's complete records");
        }
        if (read.unreadableBytes() < 0 || read.unreadableBytes() > bytes.length) {
            throw new IllegalStateException("unreadable byte count out of range: " + read.unreadableBytes());
        }
    }
}
