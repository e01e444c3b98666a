package dev.keyless.gcp.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenExchangeRequestParserTest {

    static final String AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/"
            + "workloadIdentityPools/gitlab-pool/providers/gitlab-prov";
    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    static final String FORM = "application/x-www-form-urlencoded";
    private final TokenExchangeRequestParser parser = new TokenExchangeRequestParser();

    static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        f.put("audience", AUDIENCE);
        f.put("scope", "https://www.googleapis.com/auth/cloud-platform openid");
        f.put("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
        f.put("subject_token", JWT);
        f.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        return f;
    }

    static byte[] form(Map<String, String> f) {
        return f.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private TokenExchangeRequest valid(String contentType, byte[] body) {
        OAuthResult<TokenExchangeRequest> r = parser.parse(contentType, body);
        assertThat(r).isInstanceOf(OAuthResult.Valid.class);
        return ((OAuthResult.Valid<TokenExchangeRequest>) r).value();
    }

    private OAuthError invalid(String contentType, byte[] body) {
        OAuthResult<TokenExchangeRequest> r = parser.parse(contentType, body);
        assertThat(r).isInstanceOf(OAuthResult.Invalid.class);
        return ((OAuthResult.Invalid<TokenExchangeRequest>) r).error();
    }

    @Test
    void parseWhenFormWithCharsetThenValid() {
        TokenExchangeRequest r = valid(FORM + "; charset=UTF-8", form(fields()));
        assertThat(r.audience()).isEqualTo(new ProviderAudience(123456789012L, "gitlab-pool", "gitlab-prov"));
        assertThat(r.subjectToken()).isEqualTo(JWT);
        assertThat(r.scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform", "openid");
        assertThat(r.options()).isEmpty();
        assertThat(r.toString()).doesNotContain(JWT).contains("sha256:");
    }

    @Test
    void parseWhenJsonSnakeCaseThenValid() {
        String json = "{\"grant_type\":\"urn:ietf:params:oauth:grant-type:token-exchange\",\"audience\":\"" + AUDIENCE
                + "\",\"requested_token_type\":\"urn:ietf:params:oauth:token-type:access_token\",\"subject_token\":\""
                + JWT + "\",\"subject_token_type\":\"urn:ietf:params:oauth:token-type:id_token\",\"scope\":null}";
        TokenExchangeRequest r = valid("application/json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.subjectTokenType()).isEqualTo("urn:ietf:params:oauth:token-type:id_token");
        assertThat(r.scopes()).isEmpty();
    }

    @Test
    void parseWhenJsonCamelCaseWithOptionsObjectThenValid() {
        String json = "{\"grantType\":\"urn:ietf:params:oauth:grant-type:token-exchange\",\"audience\":\"" + AUDIENCE
                + "\",\"requestedTokenType\":\"urn:ietf:params:oauth:token-type:access_token\",\"subjectToken\":\""
                + JWT + "\",\"subjectTokenType\":\"urn:ietf:params:oauth:token-type:jwt\","
                + "\"scope\":\"https://www.googleapis.com/auth/cloud-platform\",\"options\":{\"userProject\":\"p\"}}";
        TokenExchangeRequest r = valid("application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.options()).contains("{\"userProject\":\"p\"}");
    }

    @Test
    void parseWhenPythonDoubleEncodedOptionsThenDecoded() {
        Map<String, String> f = fields();
        // google-auth for Python: urllib.parse.quote(json.dumps(opts)), then the whole body form-encoded (Google STS API, token)
        f.put("options", "%7B%22userProject%22%3A%20%22my-project%22%7D");
        assertThat(valid(FORM, form(f)).options()).contains("{\"userProject\":\"my-project\"}");
    }

    @Test
    void parseWhenOptionsNotJsonObjectThenInvalidRequest() {
        Map<String, String> f = fields();
        f.put("options", "[1]");
        assertThat(invalid(FORM, form(f))).isEqualTo(new OAuthError(OAuthErrorCode.INVALID_REQUEST,
                "Invalid value for \"options\"."));
    }

    @Test
    void parseWhenSubjectTokenHasTrailingNewlineThenTrimmed() {
        Map<String, String> f = fields();
        f.put("subject_token", JWT + "\n");
        assertThat(valid(FORM, form(f)).subjectToken()).isEqualTo(JWT);
    }

    @Test
    void parseWhenHttpsAudienceThenValid() {
        Map<String, String> f = fields();
        f.put("audience", "https:" + AUDIENCE);
        assertThat(valid(FORM, form(f)).audience().fullName()).isEqualTo(AUDIENCE);
    }

    @Test
    void parseWhenUnknownGrantThenUnsupportedGrantType() {
        Map<String, String> f = fields();
        f.put("grant_type", "client_credentials");
        assertThat(invalid(FORM, form(f)).code()).isEqualTo(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE);
        assertThat(new String(invalid(FORM, form(f)).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid value for \\\"grant_type\\\".\"}");
    }

    @Test
    void parseWhenProjectIdInsteadOfNumberThenGcpAudienceFormatError() {
        Map<String, String> f = fields();
        f.put("audience", AUDIENCE.replace("123456789012", "my-project"));
        OAuthError e = invalid(FORM, form(f));
        assertThat(e.code().wire()).isEqualTo("invalid_request");
        assertThat(e.description()).isEqualTo("Invalid value for \"audience\". This value should be the full resource "
                + "name of the Identity Provider. See https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token "
                + "for the list of possible formats.");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void parseWhenChecksFailTogetherThenGrantReportedFirst() {
        Map<String, String> f = fields();
        f.put("grant_type", "x");
        f.put("audience", "bad");
        f.put("subject_token_type", "urn:ietf:params:oauth:token-type:saml2");
        assertThat(invalid(FORM, form(f)).code()).isEqualTo(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE);
        f.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat(invalid(FORM, form(f))).isEqualTo(StsError.INVALID_VALUE.with("subject_token_type"));
    }

    @Test
    void parseWhenRequestedTokenTypeWrongThenInvalidRequest() {
        Map<String, String> f = fields();
        f.put("requested_token_type", "urn:ietf:params:oauth:token-type:id_token");
        assertThat(invalid(FORM, form(f))).isEqualTo(StsError.INVALID_VALUE.with("requested_token_type"));
    }

    @Test
    void parseWhenSubjectTokenMissingThenInvalidRequest() {
        Map<String, String> f = fields();
        f.put("subject_token", "  \n");
        assertThat(invalid(FORM, form(f))).isEqualTo(StsError.MISSING_PARAMETER.with("subject_token"));
    }

    @Test
    void parseWhenParameterRepeatedThenNamed() {
        byte[] body = (new String(form(fields()), StandardCharsets.UTF_8) + "&audience=x").getBytes(StandardCharsets.UTF_8);
        assertThat(invalid(FORM, body)).isEqualTo(StsError.REPEATED_PARAMETER.with("audience"));
    }

    @Test
    void parseWhenBadContentTypeOrBodyThenMalformed() {
        assertThat(invalid("text/plain", form(fields()))).isEqualTo(StsError.MALFORMED_BODY.with());
        assertThat(invalid("application/json", "[]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(StsError.MALFORMED_JSON_BODY.with("expected a JSON object, got an array at line 1, column 1"));
        assertThat(invalid(FORM, "a=%zz".getBytes(StandardCharsets.UTF_8))).isEqualTo(StsError.MALFORMED_BODY.with());
    }

    @Test
    void oauthErrorsWhenRenderedThenGcpExactTexts() {
        assertThat(StsError.CONDITION_REJECTED.with()).isEqualTo(new OAuthError(OAuthErrorCode.UNAUTHORIZED_CLIENT,
                "The given credential is rejected by the attribute condition."));
        assertThat(StsError.STALE_TOKEN.with(1713260741L).description()).isEqualTo("ID Token issued at 1713260741 is stale to sign-in.");
        assertThat(StsError.STALE_TOKEN.with(null).description()).isEqualTo("ID Token issued at null is stale to sign-in.");
        assertThat(StsError.ISSUER_MISMATCH.with("https://a", "https://b").description())
                .isEqualTo("The issuer in ID Token https://a does not match the expected one in config: https://b.");
        assertThat(StsError.BAD_SIGNATURE.with().description()).isEqualTo("Unable to verify the ID Token signature.");
        assertThat(StsError.ISSUER_UNREACHABLE.with().description()).isEqualTo("Error connecting to the given credential's issuer.");
        assertThat(new String(StsError.TARGET_UNAVAILABLE.with().toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"error\":\"invalid_target\",\"error_description\":\"The target service indicated by the \\\"audience\\\" "
                        + "parameters is invalid. This might either be because the pool or provider is disabled or deleted "
                        + "or because it doesn't exist.\"}");
    }

    @Test
    void expiresInWhenTokenOutlivesSessionThenCapped() {
        java.time.Instant now = java.time.Instant.ofEpochSecond(1000);
        assertThat(ExchangeResponse.expiresIn(now, now.plusSeconds(7200), Optional.empty())).isEqualTo(3600);
        assertThat(ExchangeResponse.expiresIn(now, now.plusSeconds(600), Optional.empty())).isEqualTo(600);
        assertThat(ExchangeResponse.expiresIn(now, now.plusSeconds(7200), Optional.of(java.time.Duration.ofMinutes(5))))
                .isEqualTo(300);
        assertThat(new String(new ExchangeResponse("ya29.x", 599).toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"access_token\":\"ya29.x\",\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":599}");
    }
}
