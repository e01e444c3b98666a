package dev.keyless.aws.policy;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the request context AWS offers to a trust policy for {@code AssumeRoleWithWebIdentity}
 * [IAM User Guide, condition keys for web identity federation].
 *
 * <p>{@code aws:PrincipalTag/*} is deliberately absent: a web-identity caller is not an IAM principal
 * and has no tags of its own. The token's tags are passed session tags, visible to the trust policy
 * as {@code aws:RequestTag/*} and {@code aws:TagKeys}; they become {@code aws:PrincipalTag/*} only for
 * requests made later with the resulting session [IAM User Guide, id_session-tags]. A trust policy that tests
 * {@code aws:PrincipalTag} therefore sees an absent key, as in AWS.
 */
public final class WebIdentityContext {
    public static final String TAGS_CLAIM = "https://aws.amazon.com/tags";
    public static final String SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity";
    public static final String ASSUME = "sts:AssumeRoleWithWebIdentity";
    public static final String TAG_SESSION = "sts:TagSession";
    public static final String SET_SOURCE_IDENTITY = "sts:SetSourceIdentity";
    /** The OIDC claims AWS exposes as {@code <provider>:<claim>} [IAM User Guide, condition keys for web identity federation]. */
    public static final Set<String> AWS_OIDC_CLAIMS = Set.of("aud", "sub", "amr", "azp");
    static final String GOOGLE = "accounts.google.com";

    private WebIdentityContext() {}

    public static ConditionContext build(WebIdentityFacts facts) {
        String prefix = providerKeyPrefix(facts.providerUrl());
        ConditionContext.Builder b = ConditionContext.builder();
        Map<String, Object> claims = facts.claims();
        if (facts.mode() == ConditionKeysMode.EXTENDED) {
            claims.forEach((name, value) -> values(value).ifPresent(v -> b.put(prefix + ":" + name, v)));
        }
        for (String claim : List.of("aud", "sub", "amr", "azp")) {
            values(claims.get(claim)).ifPresent(v -> b.put(prefix + ":" + claim, v));
        }
        if (prefix.equals(GOOGLE)) {
            // Google quirk: with azp, :aud is azp and :oaud the token's aud; without, both are aud.
            Optional<List<String>> aud = values(claims.get("aud"));
            values(claims.get("azp")).or(() -> aud).ifPresent(v -> b.put(prefix + ":aud", v));
            aud.ifPresent(v -> b.put(prefix + ":oaud", v));
        }
        b.put("aws:FederatedProvider", facts.providerArn());
        if (facts.sourceIp() != null) {
            b.put("aws:SourceIp", facts.sourceIp());
        }
        if (facts.userAgent() != null) {
            b.put("aws:UserAgent", facts.userAgent());
        }
        b.put("aws:SecureTransport", String.valueOf(facts.secureTransport()));
        b.put("aws:CurrentTime", DateTimeFormatter.ISO_INSTANT.format(facts.now().truncatedTo(ChronoUnit.SECONDS)));
        b.put("aws:EpochTime", String.valueOf(facts.now().getEpochSecond()));
        SessionTags tags = tags(claims);
        if (tags.valid() && !tags.tags().isEmpty()) {
            tags.tags().forEach((k, v) -> b.put("aws:RequestTag/" + k, v));
            b.put("aws:TagKeys", List.copyOf(tags.tags().keySet()));
        }
        return b.build();
    }

    /** The provider URL without its scheme, path and any trailing slash kept [IAM User Guide, condition keys for web identity federation]. */
    public static String providerKeyPrefix(String providerUrl) {
        String lower = providerUrl.toLowerCase(Locale.ROOT);
        for (String scheme : List.of("https://", "http://")) {
            if (lower.startsWith(scheme)) {
                return providerUrl.substring(scheme.length());
            }
        }
        return providerUrl;
    }

    /** The actions the call needs: tags need {@code sts:TagSession}, a source identity {@code sts:SetSourceIdentity}. */
    public static List<String> requiredActions(Map<String, Object> claims) {
        List<String> actions = new ArrayList<>(List.of(ASSUME));
        if (claims.containsKey(TAGS_CLAIM)) {
            actions.add(TAG_SESSION);
        }
        if (claims.containsKey(SOURCE_IDENTITY_CLAIM)) {
            actions.add(SET_SOURCE_IDENTITY);
        }
        return List.copyOf(actions);
    }

    public static SessionTags tags(Map<String, Object> claims) {
        return SessionTagsParser.parse(claims.get(TAGS_CLAIM));
    }

    /** JSON-like claim value as condition values: strings as is, numbers and booleans as text, arrays multivalued. */
    static Optional<List<String>> values(Object value) {
        if (value == null || value instanceof Map<?, ?>) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o != null && !(o instanceof Map<?, ?>) && !(o instanceof List<?>)) {
                    out.add(scalar(o));
                }
            }
            return Optional.of(List.copyOf(out));
        }
        return Optional.of(List.of(scalar(value)));
    }

    private static String scalar(Object o) {
        if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(o);
    }
}
