package dev.keyless.cli;

import dev.keyless.Keyless;
import dev.keyless.http.RequestContext;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.ClaimResult;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.TokenMinter;
import dev.keyless.issuer.http.IssuerAudit;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared by {@code keyless token} and {@code keyless ci tokens}: build, override, sign. */
final class TokenMinting {
    private TokenMinting() {}

    /**
     * {@code NAME=VALUE}: VALUE as JSON when it parses as JSON, else as a string (README, "keyless token"). A VALUE
     * that starts as a JSON object or array must be one, read strictly: a duplicate key or trailing
     * text is a usage error naming it, not a silently different claim.
     */
    static Map<String, Object> parseClaims(List<String> specs) throws UsageException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--claim expects NAME=VALUE (VALUE is JSON when it parses as JSON); got '" + spec + "'");
            }
            String value = spec.substring(eq + 1);
            Object parsed;
            try {
                parsed = UntrustedJson.mapper().convertValue(UntrustedJson.read(value), Object.class);
            } catch (MalformedJsonException e) {
                String start = value.strip();
                if (start.startsWith("{") || start.startsWith("[")) {
                    throw new UsageException("--claim " + spec.substring(0, eq) + ": " + e.getMessage());
                }
                parsed = value;
            }
            out.put(spec.substring(0, eq), parsed);
        }
        return out;
    }

    /** Mints, then records the token in the audit log (committed before it is printed). */
    static String mint(Keyless keyless, JobContext job, Audience audience, Map<String, Object> overrides, String how)
            throws UsageException {
        String token = mint(keyless.minter(), job, audience, overrides);
        RequestContext ctx = new RequestContext("cli-" + UUID.randomUUID(), "local", "keyless-cli", false);
        keyless.audit().appendAndWait(IssuerAudit.minted(keyless.clock().instant(), ctx, token, how));
        return token;
    }

    static String mint(TokenMinter minter, JobContext job, Audience audience, Map<String, Object> overrides) throws UsageException {
        ClaimResult prepared = minter.prepare(job, audience);
        if (prepared instanceof ClaimResult.Refused refused) {
            throw new UsageException("keyless: cannot mint: " + refused.field() + ": " + refused.message());
        }
        ClaimResult.Claims claims = (ClaimResult.Claims) prepared;
        if (!overrides.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>(claims.claims());
            merged.putAll(overrides);
            long exp = merged.get("exp") instanceof Number n ? n.longValue() : claims.expiresAt();
            String jti = merged.get("jti") instanceof String s ? s : claims.jti();
            claims = new ClaimResult.Claims(merged, jti, exp);
        }
        MintResult.Minted minted = minter.sign(claims);
        return minted.token();
    }
}
