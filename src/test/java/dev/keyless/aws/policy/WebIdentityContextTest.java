package dev.keyless.aws.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebIdentityContextTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.500Z");

    private static Map<String, Object> gitlabClaims() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", "http://127.0.0.1:8080");
        c.put("sub", "project_path:mygroup/myproject:ref_type:branch:ref:main");
        c.put("aud", List.of("sts.amazonaws.com", "other"));
        c.put("project_id", 42);
        c.put("ref_protected", true);
        return c;
    }

    private static ConditionContext build(String url, Map<String, Object> claims, ConditionKeysMode mode) {
        return WebIdentityContext.build(new WebIdentityFacts(url, "arn:aws:iam::111122223333:oidc-provider/x", claims, mode,
                "192.0.2.1", "aws-cli/2", true, NOW));
    }

    @Test
    void buildWhenAwsModeThenOnlyAwsKeysWithHttpSchemeStrippedAndAudMultivalued() {
        ConditionContext ctx = build("http://127.0.0.1:8080", gitlabClaims(), ConditionKeysMode.AWS);

        assertThat(ctx.get("127.0.0.1:8080:sub")).contains(List.of("project_path:mygroup/myproject:ref_type:branch:ref:main"));
        assertThat(ctx.get("127.0.0.1:8080:AUD")).contains(List.of("sts.amazonaws.com", "other"));
        assertThat(ctx.get("127.0.0.1:8080:iss")).isEmpty();
        assertThat(ctx.get("127.0.0.1:8080:ref_protected")).isEmpty();
        assertThat(ctx.get("aws:FederatedProvider")).contains(List.of("arn:aws:iam::111122223333:oidc-provider/x"));
        assertThat(ctx.get("aws:CurrentTime")).contains(List.of("2025-03-01T12:00:00Z"));
        assertThat(ctx.get("aws:EpochTime")).contains(List.of(String.valueOf(NOW.getEpochSecond())));
        assertThat(ctx.get("aws:SecureTransport")).contains(List.of("true"));
        assertThat(ctx.get("aws:SourceIp")).contains(List.of("192.0.2.1"));
        assertThat(ctx.get("aws:UserAgent")).contains(List.of("aws-cli/2"));
    }

    @Test
    void buildWhenExtendedModeThenEveryTopLevelClaimAsString() {
        ConditionContext ctx = build("https://gitlab.example.com/gl", gitlabClaims(), ConditionKeysMode.EXTENDED);

        assertThat(ctx.get("gitlab.example.com/gl:iss")).contains(List.of("http://127.0.0.1:8080"));
        assertThat(ctx.get("gitlab.example.com/gl:project_id")).contains(List.of("42"));
        assertThat(ctx.get("gitlab.example.com/gl:ref_protected")).contains(List.of("true"));
    }

    @Test
    void buildWhenGoogleWithAzpThenAudIsAzpAndOaudIsAud() {
        ConditionContext ctx = build("https://accounts.google.com", Map.of("aud", "A", "azp", "Z", "sub", "1"), ConditionKeysMode.AWS);

        assertThat(ctx.get("accounts.google.com:aud")).contains(List.of("Z"));
        assertThat(ctx.get("accounts.google.com:oaud")).contains(List.of("A"));
    }

    @Test
    void buildWhenNotGoogleThenNoOaud() {
        ConditionContext ctx = build("https://gitlab.com", Map.of("aud", "A", "azp", "Z"), ConditionKeysMode.AWS);

        assertThat(ctx.get("gitlab.com:aud")).contains(List.of("A"));
        assertThat(ctx.get("gitlab.com:oaud")).isEmpty();
    }

    @Test
    void buildWhenTagsClaimThenRequestTagsTagKeysAndTagSessionRequired() {
        Map<String, Object> claims = new LinkedHashMap<>(gitlabClaims());
        claims.put(WebIdentityContext.TAGS_CLAIM, Map.of("principal_tags", Map.of("team", List.of("red")),
                "transitive_tag_keys", List.of("team")));
        ConditionContext ctx = build("https://gitlab.com", claims, ConditionKeysMode.AWS);

        assertThat(ctx.get("aws:RequestTag/team")).contains(List.of("red"));
        assertThat(ctx.get("aws:TagKeys")).contains(List.of("team"));
        assertThat(ctx.get("aws:PrincipalTag/team")).isEmpty();
        assertThat(WebIdentityContext.requiredActions(claims))
                .containsExactly("sts:AssumeRoleWithWebIdentity", "sts:TagSession");
    }

    @Test
    void requiredActionsWhenSourceIdentityThenSetSourceIdentity() {
        assertThat(WebIdentityContext.requiredActions(Map.of(WebIdentityContext.SOURCE_IDENTITY_CLAIM, "me")))
                .containsExactly("sts:AssumeRoleWithWebIdentity", "sts:SetSourceIdentity");
    }

    @Test
    void tagsWhenOverLimitsThenEveryProblemListed() {
        Map<String, Object> tags = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            tags.put("k" + i, List.of("v"));
        }
        tags.put("x".repeat(129), List.of("v"));
        tags.put("long", List.of("v".repeat(257)));
        SessionTags t = WebIdentityContext.tags(Map.of(WebIdentityContext.TAGS_CLAIM,
                Map.of("principal_tags", tags, "transitive_tag_keys", List.of("missing"))));

        assertThat(t.valid()).isFalse();
        assertThat(t.problems()).anyMatch(p -> p.startsWith("at most 50 session tags"))
                .anyMatch(p -> p.contains("must be 1-128 characters"))
                .anyMatch(p -> p.contains("at most 256 characters"))
                .anyMatch(p -> p.contains("transitive tag key 'missing'"));
    }

    @Test
    void evaluateWhenGitLabPolicyAndTokenContextThenAllowAndIssConditionFalseInAwsMode() throws Exception {
        ConditionContext ctx = WebIdentityContext.build(new WebIdentityFacts("https://gitlab.com", Policies.PROVIDER_ARN,
                Map.of("sub", "project_path:mygroup/myproject:ref_type:branch:ref:main", "aud", "sts.amazonaws.com",
                        "iss", "https://gitlab.com"), ConditionKeysMode.AWS, null, null, true, NOW));
        PolicyDocument ok = PolicyParser.parse(Policies.gitlabTrustPolicyJson());
        PolicyDocument withIss = PolicyParser.parse(Policies.gitlabTrustPolicyJson()
                .replace("\"StringEquals\": {", "\"StringEquals\": {\"gitlab.com:iss\": \"https://gitlab.com\", "));

        assertThat(new PolicyEvaluator().evaluate(ok, Policies.request(ctx)).decision()).isEqualTo(new Decision.Allow());
        PolicyEvaluation denied = new PolicyEvaluator().evaluate(withIss, Policies.request(ctx));
        assertThat(denied.decision()).isInstanceOf(Decision.ImplicitDeny.class);
        assertThat(denied.explanation().summary()).contains("gitlab.com:iss").contains("absent");
    }
}
