package dev.keyless.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The signature-and-header layer: pure, given a compact JWS, a key set and an algorithm allow-list.
 * Both {@link TokenVerifier} and the Wycheproof tests go through it. Keys are found only in the
 * issuer's key set by {@code kid}, {@code kty}, {@code alg}, {@code use} and {@code key_ops}; the
 * token's {@code jwk}, {@code jku}, {@code x5u} and {@code x5c} headers are never read
 * (CVE-2018-0114 and the jku/x5u SSRF family; RFC 8725 §3.10).
 */
public final class JwsSignatureLayer {

    /** Asymmetric algorithms only; {@code none} and HS* can never be configured (RFC 8725 §3.1-3.2). */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    /** AWS caps WebIdentityToken at 20,000 characters (botocore STS model, STS API Reference, AssumeRoleWithWebIdentity). */
    public static final int MAX_TOKEN_CHARS = 20_000;
    /** A token without {@code kid} is checked against at most this many keys (a rotation overlap). */
    static final int MAX_CANDIDATES_WITHOUT_KID = 3;

    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private JwsSignatureLayer() {
    }

    /** What the layer concludes about a compact JWS on its own (no issuer, no claims). */
    public sealed interface Result permits Result.Valid, Result.Invalid {
        /** Header and signature are good; {@code payload} is still untrusted as claims. */
        record Valid(String algorithm, String keyId, byte[] payload) implements Result {
        }

        record Invalid(RejectionReason reason, String detail) implements Result {
        }
    }

    /** The whole layer in one call: parse, header checks, key choice and signature. */
    public static Result check(String compact, JWKSet keys, Set<String> allowedAlgorithms, boolean requireKid) {
        Outcome<ParsedJws> parsed = parse(compact);
        if (parsed instanceof Outcome.Fail<ParsedJws> f) {
            return new Result.Invalid(f.reason(), f.detail());
        }
        ParsedJws jws = ((Outcome.Ok<ParsedJws>) parsed).value();
        Outcome<JWSHeader> header = checkHeader(jws, allowedAlgorithms, requireKid);
        if (header instanceof Outcome.Fail<JWSHeader> f) {
            return new Result.Invalid(f.reason(), f.detail());
        }
        JWSHeader h = ((Outcome.Ok<JWSHeader>) header).value();
        return switch (verify(jws, h, keys)) {
            case Outcome.Fail<JWK> f -> new Result.Invalid(f.reason(), f.detail());
            case Outcome.Ok<JWK> ok -> new Result.Valid(jws.alg(), ok.value().getKeyID(), jws.payload());
        };
    }

    /** Structure only: compact serialisation (RFC 7515 §7.1), size, canonical base64url, header JSON. */
    static Outcome<ParsedJws> parse(String token) {
        String[] parts = splitCompact(token);
        if (parts == null) {
            return Outcome.fail(RejectionReason.NOT_COMPACT_JWS, "not three base64url parts separated by '.'");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return Outcome.fail(RejectionReason.TOO_LARGE, token.length() + " characters, limit " + MAX_TOKEN_CHARS);
        }
        Optional<byte[]> headerBytes = decode(parts[0]);
        Optional<byte[]> payload = decode(parts[1]);
        Optional<byte[]> signature = decode(parts[2]);
        if (headerBytes.isEmpty() || parts[0].isEmpty()) {
            return Outcome.fail(RejectionReason.MALFORMED_HEADER, "header is not canonical base64url");
        }
        if (payload.isEmpty() || signature.isEmpty()) {
            return Outcome.fail(RejectionReason.NOT_COMPACT_JWS, "payload or signature is not canonical base64url");
        }
        Optional<Map<String, Object>> header = Json.utf8(headerBytes.get()).flatMap(Json::parseObject);
        if (header.isEmpty()) {
            return Outcome.fail(RejectionReason.MALFORMED_HEADER, "header is not a UTF-8 JSON object");
        }
        if (!(header.get().get("alg") instanceof String)) {
            return Outcome.fail(RejectionReason.MALFORMED_HEADER, "header has no string \"alg\"");
        }
        // parts[2] is canonical (decode), so it is the text Base64URL.encode(signature) would make again.
        return Outcome.ok(new ParsedJws(header.get(), parts[0], parts[1], payload.get(), new Base64URL(parts[2])));
    }

    /** Header rules in check order: alg allow-list, typ, crit, kid. */
    static Outcome<JWSHeader> checkHeader(ParsedJws jws, Set<String> allowedAlgorithms, boolean requireKid) {
        Map<String, Object> header = jws.headerJson();
        String alg = jws.alg();
        // Exact, case-sensitive match: "None", "nOnE" and HS256 are never in the list (RFC 8725 §3.1).
        if (!allowedAlgorithms.contains(alg) || !SUPPORTED_ALGORITHMS.contains(alg)) {
            return Outcome.fail(RejectionReason.ALG_NOT_ALLOWED, "\"alg\" " + printable(alg) + " is not allowed");
        }
        if (header.containsKey("typ") && !isJwtType(header.get("typ"))) {
            return Outcome.fail(RejectionReason.TYP_NOT_ALLOWED, "\"typ\" " + printable(header.get("typ")) + " is not JWT");
        }
        if (header.containsKey("crit")) {
            // RFC 7515 §4.1.11: recipients MUST reject crit parameters they do not understand; we understand none.
            return Outcome.fail(RejectionReason.UNKNOWN_CRITICAL_HEADER, "\"crit\" " + printable(header.get("crit")));
        }
        if (header.containsKey("kid") && !(header.get("kid") instanceof String)) {
            return Outcome.fail(RejectionReason.MALFORMED_HEADER, "\"kid\" is not a string");
        }
        if (requireKid && jws.kid() == null) {
            return Outcome.fail(RejectionReason.MISSING_KID, "the issuer requires \"kid\"");
        }
        try {
            return Outcome.ok(JWSHeader.parse(header, Base64URL.from(jws.headerB64())));
        } catch (ParseException | RuntimeException e) {
            return Outcome.fail(RejectionReason.MALFORMED_HEADER, "header: " + e.getMessage());
        }
    }

    /** Picks the issuer's keys compatible with the header and checks the signature with each. */
    static Outcome<JWK> verify(ParsedJws jws, JWSHeader header, JWKSet keys) {
        return verify(jws, header, keys, KeyVerifiers::create);
    }

    /** As {@link #verify(ParsedJws, JWSHeader, JWKSet)}, with verifiers built once per key by {@code verifiers}. */
    static Outcome<JWK> verify(ParsedJws jws, JWSHeader header, JWKSet keys,
            java.util.function.Function<JWK, java.util.Optional<com.nimbusds.jose.JWSVerifier>> verifiers) {
        List<JWK> candidates = candidates(header, keys);
        if (header.getKeyID() == null && candidates.size() > MAX_CANDIDATES_WITHOUT_KID) {
            // Without a kid every key of the alg is a candidate, so each junk token would cost one
            // signature check per published key; past a rotation's few keys the issuer must send kid.
            return Outcome.fail(RejectionReason.MISSING_KID, "no \"kid\" and the issuer publishes "
                    + candidates.size() + " " + header.getAlgorithm() + " keys (at most "
                    + MAX_CANDIDATES_WITHOUT_KID + " are tried without one)");
        }
        if (candidates.isEmpty()) {
            return Outcome.fail(RejectionReason.UNKNOWN_KID, "no " + header.getAlgorithm() + " key for \"kid\" "
                    + printable(header.getKeyID()));
        }
        byte[] signingInput = jws.signingInput();
        for (JWK key : candidates) {
            if (verifySignature(verifiers.apply(key), header.getAlgorithm(), signingInput, jws.signature())) {
                return Outcome.ok(key);
            }
        }
        return Outcome.fail(RejectionReason.BAD_SIGNATURE, "signature does not verify with key " + printable(candidates.get(0).getKeyID()));
    }

    /** Keys matching on kid, kty (and curve), alg, use and key_ops (RFC 7517 §4). */
    static List<JWK> candidates(JWSHeader header, JWKSet keys) {
        JWSAlgorithm alg = header.getAlgorithm();
        String kid = header.getKeyID();
        return keys.getKeys().stream()
                .filter(k -> kid == null || kid.equals(k.getKeyID()))
                .filter(k -> k.getAlgorithm() == null || k.getAlgorithm().getName().equals(alg.getName()))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k -> k.getKeyOperations() == null || k.getKeyOperations().contains(KeyOperation.VERIFY))
                .filter(k -> typeMatches(k, alg))
                .toList();
    }

    /**
     * The primitive: one signature with one key. Exposed to the tests so the raw Wycheproof ECDSA
     * P1363 and RSA PKCS#1 vectors run against exactly the code the compact path uses.
     */
    static boolean verifySignature(JWSAlgorithm alg, JWK key, byte[] signingInput, Base64URL signature) {
        return verifySignature(KeyVerifiers.create(key), alg, signingInput, signature);
    }

    private static boolean verifySignature(java.util.Optional<com.nimbusds.jose.JWSVerifier> verifier, JWSAlgorithm alg,
            byte[] signingInput, Base64URL signature) {
        try {
            return verifier.isPresent() && verifier.get().verify(new JWSHeader(alg), signingInput, signature);
        } catch (JOSEException | RuntimeException e) {
            // A malformed signature is a failed verification, never a crash.
            return false;
        }
    }

    private static boolean typeMatches(JWK key, JWSAlgorithm alg) {
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return key instanceof RSAKey;
        }
        if (key instanceof ECKey ec) {
            Set<Curve> curves = Curve.forJWSAlgorithm(alg);
            return curves != null && curves.contains(ec.getCurve());
        }
        return false;
    }

    /** RFC 7519 §5.1 recommends "JWT"; media types compare case-insensitively (RFC 7515 §4.1.9). */
    private static boolean isJwtType(Object typ) {
        if (!(typ instanceof String s)) {
            return false;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.equals("jwt") || lower.equals("application/jwt");
    }

    /** Exactly two dots, and only base64url characters in between; JSON serialisation fails here. */
    private static String[] splitCompact(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return null;
            }
        }
        return new String[] {token.substring(0, first), token.substring(first + 1, second), token.substring(second + 1)};
    }

    /**
     * Canonical base64url only: re-encoding must give the same text (no stray trailing bits). The
     * decoder accepts every unpadded part whose length is not 1 more than a multiple of 4 and ignores
     * the bits of its last character that complete no byte (RFC 4648 section 3.5: the low 4 bits when
     * 2 characters are left over, the low 2 when 3 are); the re-encoding sets them to zero, so it equals
     * the part exactly when they are zero. Checked on that character instead of re-encoding the part
     * (a kilobyte per token).
     */
    static Optional<byte[]> decode(String part) {
        try {
            byte[] bytes = DECODER.decode(part);
            return hasCleanTrailingBits(part) ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** For a part the decoder accepted, without '=' (splitCompact refuses it): whether its unused trailing bits are zero. */
    private static boolean hasCleanTrailingBits(String part) {
        int unused = switch (part.length() % 4) {
            case 2 -> 0x0F;
            case 3 -> 0x03;
            default -> 0;
        };
        return unused == 0 || (base64UrlValue(part.charAt(part.length() - 1)) & unused) == 0;
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    /** Attacker-controlled values in details are quoted and cut short. */
    static String printable(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        return '"' + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + '"';
    }
}
