package dev.keyless.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link JWSVerifier} per trusted key, built once: turning a JWK into a {@code PublicKey}
 * (base64 and BigInteger decoding of the modulus) cost as much per request as a fifth of the RSA
 * verification itself (JFR, bench/RESULTS.md). Nimbus verifiers are thread-safe. Keys only ever
 * come from trusted issuers' key sets, so the map stays small; it is cleared past a bound anyway.
 */
final class KeyVerifiers {
    private static final int MAX_KEYS = 1_000;
    private final ConcurrentHashMap<JWK, Optional<JWSVerifier>> verifiers = new ConcurrentHashMap<>();

    Optional<JWSVerifier> of(JWK key) {
        Optional<JWSVerifier> cached = verifiers.get(key);
        if (cached != null) {
            return cached;
        }
        if (verifiers.size() >= MAX_KEYS) {
            verifiers.clear();
        }
        return verifiers.computeIfAbsent(key, KeyVerifiers::create);
    }

    static Optional<JWSVerifier> create(JWK key) {
        try {
            return switch (key) {
                case RSAKey rsa -> Optional.of(new RSASSAVerifier(rsa.toRSAPublicKey()));
                case ECKey ec -> Optional.of(new ECDSAVerifier(ec.toECPublicKey()));
                default -> Optional.empty();
            };
        } catch (JOSEException | RuntimeException e) {
            // An unusable key verifies nothing; it never crashes a request.
            return Optional.empty();
        }
    }
}
