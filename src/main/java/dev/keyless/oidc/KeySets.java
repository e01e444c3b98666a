package dev.keyless.oidc;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses an issuer's JWKS leniently per key, strictly per document. */
final class KeySets {

    /** AWS accepts at most 100 RSA plus 100 EC keys per provider (IAM User Guide, OIDC identity providers). */
    static final int MAX_KEYS = 200;

    private KeySets() {
    }

    /**
     * The public RSA and EC keys of a JWKS document. One unusable key (an OKP key, a broken
     * modulus) is skipped rather than breaking the whole set (RFC 7517 §5: ignore keys not understood);
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

    @SuppressWarnings("unchecked")
    private static Optional<JWK> usable(Map<?, ?> map) {
        try {
            JWK key = JWK.parse((Map<String, Object>) map);
            if (key instanceof RSAKey || key instanceof ECKey) {
                return Optional.ofNullable(key.toPublicJWK());
            }
            return Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
