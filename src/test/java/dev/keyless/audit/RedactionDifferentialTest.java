package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Redaction#redact} passes over text that cannot hold a secret without looking at each character;
 * it must replace exactly what the character-by-character scan does ({@link Redaction#redactEveryRun}),
 * on text built from the pieces that steer both: the starts of every recognised secret, dots, base64
 * padding, 39/40/41-character pieces, sealed tokens, separators and non-ASCII characters.
 */
class RedactionDifferentialTest {
    private static final String SEALED = "A" + Base64.getEncoder().encodeToString(new byte[40]).substring(1);
    private static final List<String> PIECES = List.of("eyJ", "ey", "J", "e", "y", "ya29.", "ya29", "IQoJb3JpZ2lu",
            "FwoGZXIvYXdz", "FQoGZXIvYXdz", "AQoDYXdz", "AQoD", "I", "F", "A", ".", "..", "=", "==", "===", "a",
            "Z9", "+", "/", "-", "_", " ", "\"", ":", ",", "{", "\n", "é", "\u2028", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEK",
            "AKIAIOSFODNN7EXAMPLEaaaaaaaaaaaaaaaaaaaaaa", "0123456789012345678901234567890123456789", SEALED,
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "x".repeat(39), "Ab1".repeat(13) + "c");

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of(PIECES).list().ofMaxSize(80).map(l -> String.join("", l));
    }

    @Property(tries = 10000)
    void redactWhenAnyTextThenSameAsTheCharacterScan(@ForAll("texts") String text) {
        assertThat(Redaction.redact(text)).isEqualTo(Redaction.redactEveryRun(text));
    }

    @Property(tries = 2000)
    void redactWhenRandomTextThenSameAsTheCharacterScan(@ForAll String text) {
        assertThat(Redaction.redact(text)).isEqualTo(Redaction.redactEveryRun(text));
    }

    @Example
    void redactWhenPaddingCompletesAFortyCharacterPieceThenSameAsTheCharacterScan() {
        String text = "k=" + "Ab1x".repeat(9) + "Ab1==";
        assertThat(Redaction.redact(text)).isEqualTo(Redaction.redactEveryRun(text));
        String sealedPadded = "t=" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34}) + " end";
        assertThat(Redaction.redact(sealedPadded)).isEqualTo(Redaction.redactEveryRun(sealedPadded))
                .contains(Redaction.SEALED);
    }
}
