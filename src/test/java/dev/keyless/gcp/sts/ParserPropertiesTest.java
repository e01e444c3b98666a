package dev.keyless.gcp.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Arbitrary input never escapes the parsers as anything but a typed result. */
class ParserPropertiesTest {

    private final TokenExchangeRequestParser tokenParser = new TokenExchangeRequestParser();

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.of("application/x-www-form-urlencoded",
                        "application/x-www-form-urlencoded; charset=UTF-8", "application/json", "APPLICATION/JSON;x",
                        "text/plain", ";", ""),
                Arbitraries.strings().ofMaxLength(40), Arbitraries.just(null));
    }

    @Property(tries = 500)
    void tokenParserWhenArbitraryBytesThenTypedResult(@ForAll("contentTypes") String contentType,
                                                      @ForAll byte[] body) {
        assertThat(tokenParser.parse(contentType, body)).isNotNull();
    }

    @Property(tries = 500)
    void tokenParserWhenArbitraryFieldValuesThenTypedResult(@ForAll String grant, @ForAll String audience,
                                                            @ForAll String subject, @ForAll String options,
                                                            @ForAll String scope) {
        Map<String, String> f = TokenExchangeRequestParserTest.fields();
        f.put("grant_type", grant.isEmpty() ? f.get("grant_type") : grant);
        f.put("audience", audience);
        f.put("subject_token", subject);
        f.put("options", options);
        f.put("scope", scope);
        OAuthResult<TokenExchangeRequest> form = tokenParser.parse("application/x-www-form-urlencoded",
                TokenExchangeRequestParserTest.form(f));
        assertThat(form).isNotNull();
        StringBuilder json = new StringBuilder("{");
        f.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v.replace("\\", "\\\\")
                .replace("\"", "\\\"")).append("\","));
        json.setLength(json.length() - 1);
        assertThat(tokenParser.parse("application/json", json.append('}').toString()
                .getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Property(tries = 300)
    void tokenParserWhenArbitraryAudienceAcceptedThenRoundTrips(@ForAll String audience) {
        ProviderAudience.parse(audience).ifPresent(a -> assertThat(ProviderAudience.parse(a.fullName())).contains(a));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> lifetimes = Arbitraries.of("\"3600s\"", "\"0s\"", "\"-1s\"", "\"1.5s\"", "\"99999999999999s\"",
                "3600", "null", "\"s\"", "[]");
        Arbitrary<String> scopes = Arbitraries.of("[\"a\"]", "[\"\"]", "[]", "\"a\"", "[1]", "null", "{}");
        Arbitrary<String> delegates = Arbitraries.of("null", "[]", "[\"projects/-/serviceAccounts/x\"]", "[1]", "\"x\"");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                net.jqwik.api.Combinators.combine(scopes, lifetimes, delegates)
                        .as((s, l, d) -> "{\"scope\":" + s + ",\"lifetime\":" + l + ",\"delegates\":" + d + "}"));
    }

    @Property(tries = 500)
    void generateAccessTokenParserWhenArbitraryJsonThenTypedResult(@ForAll("jsonish") String body) {
        RpcResult<GenerateAccessTokenRequest> r = new GenerateAccessTokenRequestParser()
                .parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isNotNull();
        if (r instanceof RpcResult.Valid<GenerateAccessTokenRequest> v) {
            assertThat(v.value().lifetime().toSeconds()).isBetween(1L, 3600L);
            assertThat(v.value().scopes()).isNotEmpty();
        }
    }

    @Property(tries = 300)
    void generateIdTokenAndPathParsersWhenArbitraryInputThenTypedResult(@ForAll("jsonish") String body,
                                                                        @ForAll String path) {
        assertThat(new GenerateIdTokenRequestParser().parse(body.getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(ServiceAccountPath.parse("/v1/projects/-/serviceAccounts/" + path + ":generateAccessToken")).isNotNull();
        assertThat(new IntrospectRequestParser().parse(path.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }
}
