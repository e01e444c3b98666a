package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A JWS part is accepted only as canonical base64url (RFC 7515 section 2: base64url without
 * padding; RFC 4648 section 3.5: the bits after the last whole byte are zero). The check looks at
 * the last character's unused bits; it must accept exactly what decoding and re-encoding to the
 * same text did.
 */
class JwsCanonicalBase64Test {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private static Optional<byte[]> byReEncoding(String part) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            return ENCODER.encodeToString(bytes).equals(part) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<String> parts() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                .ofMaxLength(13);
    }

    @Property(tries = 5000)
    void decodeWhenAnyBase64UrlTextThenAsDecodingAndReEncoding(@ForAll("parts") String part) {
        Optional<byte[]> expected = byReEncoding(part);
        Optional<byte[]> actual = JwsSignatureLayer.decode(part);

        assertThat(actual.isPresent()).as(part).isEqualTo(expected.isPresent());
        actual.ifPresent(bytes -> assertThat(bytes).isEqualTo(expected.get()));
    }

    @Example
    void decodeWhenTrailingBitsSetThenRefused() {
        assertThat(JwsSignatureLayer.decode("QQ")).isPresent(); // "A"
        assertThat(JwsSignatureLayer.decode("QR")).isEmpty(); // "A" with a stray low bit
        assertThat(JwsSignatureLayer.decode("QUI")).isPresent(); // "AB"
        assertThat(JwsSignatureLayer.decode("QUJ")).isEmpty();
        assertThat(JwsSignatureLayer.decode("QUJD")).isPresent(); // "ABC"
        assertThat(JwsSignatureLayer.decode("QUJDR")).isEmpty(); // 5 characters: no whole unit
        assertThat(JwsSignatureLayer.decode("")).isPresent();
    }
}
