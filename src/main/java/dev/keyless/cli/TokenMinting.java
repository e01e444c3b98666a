package dev.keyless.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.issuer.Audience;
import dev.keyless.issuer.ClaimResult;
import dev.keyless.issuer.JobContext;
import dev.keyless.issuer.MintResult;
import dev.keyless.issuer.TokenMinter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared by {@code keyless token} and {@code keyless ci tokens}: build, override, sign. */
final class TokenMinting {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenMinting() {}

    /** {@code NAME=VALUE}: VALUE as JSON when it parses as JSON, else as a string (DESIGN.md). */
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
                parsed = JSON.readValue(value, Object.class);
            } catch (Exception e) {
                parsed = value;
            }
            out.put(spec.substring(0, eq), parsed);
        }
        return out;
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
