package dev.keyless.oidc;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses an issuer's JWKS leniently per key, strictly per document. */
final class KeySets {

    /** AWS accepts at most 100 RSA plus 100 EC keys per provider (IAM User Guide, OIDC identity providers). */
    static final int MAX_KEYS = 200;
    /** RSA moduli outside 2048..4096 bits are refused: below is weak (NIST SP 800-131A), above only costs CPU. */
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 4096;
    /**
     * A public exponent's bit length is what a verification costs: e = 65537 takes 17 squarings, a
     * 3071-bit e thousands of times more. Odd e from 3 to 2^32 covers every real issuer (RFC 8017
     * §3.1 needs e odd and at least 3; NIST SP 800-56B wants 65537 or more).
     */
    static final BigInteger MAX_RSA_EXPONENT = BigInteger.ONE.shiftLeft(32);

    private KeySets() {
    }

    /**
     * The public RSA and EC keys of a JWKS document. One unusable key (an OKP key, a broken
     * modulus, an RSA key of absurd size or exponent) is skipped rather than breaking the whole set (RFC 7517 §5: ignore keys not understood; RFC 8725 §3);
     * a document that is not {@code {"keys":[...]}} is refused. Private parts are dropped.
     */
    static Optional<JWKSet> parse(String json) {
        Optional<Map<String, Object>> doc = Json.parseObject(json);
        if (doc.isEmpty() || !(doc.get().get("keys") instanceof List<?> entries) || entries.size() > MAX_KEYS) {
            return Optional.empty();
        }
        List<JWK> keys = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map) {
                usable(map).ifPresent(keys::add);
            }
        }
        return Optional.of(new JWKSet(keys));
    }

    /** Modulus size and public exponent within what any real issuer uses (see {@link #MAX_RSA_EXPONENT}). */
    static boolean reasonableRsa(RSAKey key) {
        BigInteger n = key.getModulus().decodeToBigInteger();
        BigInteger e = key.getPublicExponent().decodeToBigInteger();
        return n.bitLength() >= MIN_RSA_BITS && n.bitLength() <= MAX_RSA_BITS && e.testBit(0)
                && e.compareTo(BigInteger.valueOf(3)) >= 0 && e.compareTo(MAX_RSA_EXPONENT) <= 0;
    }

    @SuppressWarnings("unchecked")
    private static Optional<JWK> usable(Map<?, ?> map) {
        try {
            JWK key = JWK.parse((Map<String, Object>) map);
            if (key instanceof RSAKey rsa && !reasonableRsa(rsa)) {
                return Optional.empty();
            }
            if (key instanceof RSAKey || key instanceof ECKey) {
                return Optional.ofNullable(key.toPublicJWK());
            }
            return Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
