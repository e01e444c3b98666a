package dev.keyless.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Policy documents in IAM responses are percent-encoded per RFC 3986 (IAM API Reference, GetRole):
 * botocore decodes them with {@code urllib.parse.unquote}, which keeps {@code +}, so a space must be
 * {@code %20} and a literal {@code +} or {@code %} must be escaped too.
 */
class Rfc3986Test {

    @Property
    void encodedWhenDecodedThenOriginalAndOnlyUnreservedOrEscapes(@ForAll String text) {
        String encoded = Rfc3986.encode(text);

        // Escapes removed first: a repeated alternation group recurses once per character in
        // java.util.regex and overflows the stack on long generated strings; a repeated class does not.
        assertThat(encoded.replaceAll("%[0-9A-F]{2}", "")).matches("[A-Za-z0-9._~-]*");
        assertThat(encoded).doesNotContain("+").doesNotContainPattern("%(?![0-9A-F]{2})");
        // No '+' survives encoding, so a decoder that reads '+' as space still gives the original back.
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(
                new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void trustPolicyWhenEncodedThenSpaceIsPercent20AndPlusAndPercentEscaped() {
        assertThat(Rfc3986.encode("{\"Sid\": \"a+b%20c\"}")).isEqualTo("%7B%22Sid%22%3A%20%22a%2Bb%2520c%22%7D");
    }
}
