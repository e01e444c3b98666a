package dev.keyless.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Nimbus-facing helpers: generate, seal/unseal and turn a private JWK into a {@link SigningKey}. */
final class KeyMaterial {
    private KeyMaterial() {}

    /** A new key with {@code kid} = RFC 7638 thumbprint (SHA-256, base64url), as GitLab's json-jwt does. */
    static JWK generate(KeyAlgorithm alg, SecureRandom random, String kidPrefix) {
        JWK key = generate(alg, random);
        if (kidPrefix.isEmpty()) {
            return key;
        }
        try {
            Map<String, Object> json = key.toJSONObject();
            json.put("kid", kidPrefix + key.getKeyID());
            return JWK.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cannot re-key a generated " + alg + " key", e);
        }
    }

    static JWK generate(KeyAlgorithm alg, SecureRandom random) {
        try {
            return switch (alg) {
                case RS256 -> new RSAKeyGenerator(2048).secureRandom(random).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint(true).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).secureRandom(random).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.ES256).keyIDFromThumbprint(true).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
    }

    static StoredKey seal(JWK key, KeyAlgorithm alg, MasterKey master, Instant created, Instant activateAt) {
        byte[] sealed = master.seal(key.toJSONString().getBytes(StandardCharsets.UTF_8), aad(key.getKeyID()));
        return new StoredKey(key.getKeyID(), alg, key.toPublicJWK().toJSONString(),
                Base64.getEncoder().encodeToString(sealed), master.id(), created, activateAt, Optional.empty());
    }

    static SigningKey unseal(StoredKey stored, MasterKey master) {
        if (!stored.masterKeyId().equals(master.id())) {
            throw new IllegalStateException("key ring: key " + stored.kid() + " was sealed with master key "
                    + stored.masterKeyId() + " but the configured master key is " + master.id()
                    + "; set " + MasterKey.ENV + " to the key this store was created with");
        }
        byte[] json = master.open(Base64.getDecoder().decode(stored.privateJwkSealed()), aad(stored.kid()))
                .orElseThrow(() -> new IllegalStateException("key ring: key " + stored.kid()
                        + " does not decrypt with master key " + master.id() + " (tampered row?)"));
        try {
            JWK jwk = JWK.parse(new String(json, StandardCharsets.UTF_8));
            java.util.Arrays.fill(json, (byte) 0);
            JWSSigner signer = switch (stored.alg()) {
                case RS256 -> new RSASSASigner((RSAKey) jwk);
                case ES256 -> new ECDSASigner((ECKey) jwk);
            };
            return new JwsSigningKey(stored.kid(), stored.alg(), signer);
        } catch (ParseException | JOSEException | ClassCastException e) {
            throw new IllegalStateException("key ring: key " + stored.kid() + " is not a valid " + stored.alg() + " JWK", e);
        }
    }

    private static byte[] aad(String kid) {
        return ("keyless issuer key " + kid).getBytes(StandardCharsets.UTF_8);
    }

    /** Signs with a signer and header built once (no per-signature key parsing). */
    static final class JwsSigningKey implements SigningKey {
        private final String kid;
        private final KeyAlgorithm alg;
        private final JWSSigner signer;
        private final JWSHeader header;

        JwsSigningKey(String kid, KeyAlgorithm alg, JWSSigner signer) {
            this.kid = kid;
            this.alg = alg;
            this.signer = signer;
            this.header = new JWSHeader.Builder(JWSAlgorithm.parse(alg.name()))
                    .keyID(kid).type(JOSEObjectType.JWT).build();
        }

        @Override
        public String kid() {
            return kid;
        }

        @Override
        public KeyAlgorithm alg() {
            return alg;
        }

        @Override
        public String sign(byte[] payload) {
            JWSObject jws = new JWSObject(header, new Payload(payload));
            try {
                jws.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("signing with " + kid + " failed", e);
            }
            return jws.serialize();
        }

        @Override
        public String toString() {
            return "SigningKey[kid=" + kid + ", alg=" + alg + "]";
        }
    }
}
