package dev.keyless.gcp.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.gcp.iam.FederatedToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IamCredentialsParsersTest {

    private final GenerateAccessTokenRequestParser parser = new GenerateAccessTokenRequestParser();

    private GenerateAccessTokenRequest valid(String json) {
        RpcResult<GenerateAccessTokenRequest> r = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(RpcResult.Valid.class);
        return ((RpcResult.Valid<GenerateAccessTokenRequest>) r).value();
    }

    private GoogleRpcError invalid(String json) {
        RpcResult<GenerateAccessTokenRequest> r = parser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(RpcResult.Invalid.class);
        return ((RpcResult.Invalid<GenerateAccessTokenRequest>) r).error();
    }

    @Test
    void parseWhenGcloudBodyWithNullDelegatesThenDefaults() {
        GenerateAccessTokenRequest r = valid("{\"delegates\":null,\"scope\":[\"openid\","
                + "\"https://www.googleapis.com/auth/userinfo.email\"],\"lifetime\":\"3600s\"}");
        assertThat(r.scopes()).containsExactly("openid", "https://www.googleapis.com/auth/userinfo.email");
        assertThat(r.lifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(r.delegates()).isEmpty();
    }

    @Test
    void parseWhenDelegatesAbsentOrEmptyThenNone() {
        assertThat(valid("{\"scope\":[\"a\"]}").delegates()).isEmpty();
        assertThat(valid("{\"scope\":[\"a\"],\"delegates\":[]}").delegates()).isEmpty();
        assertThat(valid("{\"scope\":[\"a\"]}").lifetime()).isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    void parseWhenDelegatesWellFormedThenKept() {
        assertThat(valid("{\"scope\":[\"a\"],\"delegates\":[\"projects/-/serviceAccounts/x@p.iam.gserviceaccount.com\"]}")
                .delegates()).containsExactly("projects/-/serviceAccounts/x@p.iam.gserviceaccount.com");
    }

    @Test
    void parseWhenDelegateWithProjectIdThenInvalidArgument() {
        GoogleRpcError e = invalid("{\"scope\":[\"a\"],\"delegates\":[\"projects/p/serviceAccounts/x@p.iam.gserviceaccount.com\"]}");
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void parseWhenLifetimeZeroThenGcpMessage() {
        GoogleRpcError e = invalid("{\"scope\":[\"a\"],\"lifetime\":\"0s\"}");
        assertThat(e).isEqualTo(GoogleRpcError.invalidArgument("Lifetime of access token must be larger then zero."));
        assertThat(new String(e.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"code\":400,\"message\":"
                + "\"Lifetime of access token must be larger then zero.\",\"status\":\"INVALID_ARGUMENT\"}}");
    }

    @Test
    void parseWhenLifetimeOverOneHourThenGcpMessage() {
        assertThat(invalid("{\"scope\":[\"a\"],\"lifetime\":\"3601s\"}").message()).isEqualTo("can not have lifetimes "
                + "of more than 1 hour. Use the Org Policy Constraint constraints/iam.allowServiceAccountCredentialLifetimeExtension "
                + "to allow up to 12 hours.");
        assertThat(valid("{\"scope\":[\"a\"],\"lifetime\":\"600s\"}").lifetime()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void parseWhenLifetimeMalformedThenInvalidArgument() {
        assertThat(invalid("{\"scope\":[\"a\"],\"lifetime\":3600}").status()).isEqualTo("INVALID_ARGUMENT");
        assertThat(invalid("{\"scope\":[\"a\"],\"lifetime\":\"1h\"}").message())
                .startsWith("Invalid value at 'lifetime' (type.googleapis.com/google.protobuf.Duration)");
    }

    @Test
    void parseWhenScopeMissingOrEmptyThenInvalidArgumentButBlankFallsBack() {
        assertThat(invalid("{}").message()).isEqualTo("Scope required.");
        assertThat(invalid("{\"scope\":[]}").message()).isEqualTo("Scope required.");
        assertThat(valid("{\"scope\":[\"\"]}").scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform");
        assertThat(invalid("not json").status()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void generateIdTokenWhenAllFieldsThenParsed() {
        RpcResult<GenerateIdTokenRequest> r = new GenerateIdTokenRequestParser().parse(("{\"audience\":\"https://svc\","
                + "\"includeEmail\":true,\"delegates\":[],\"organizationNumberIncluded\":false}").getBytes(StandardCharsets.UTF_8));
        assertThat(r).isEqualTo(new RpcResult.Valid<>(new GenerateIdTokenRequest("https://svc", true, List.of(), false)));
        assertThat(new GenerateIdTokenRequestParser().parse("{\"includeEmail\":true}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RpcResult.Invalid<>(GoogleRpcError.invalidArgument("Audience required.")));
    }

    @Test
    void responseWhenFractionalExpiryThenWholeSecondsZ() {
        GenerateAccessTokenResponse r = new GenerateAccessTokenResponse("ya29.abc", Instant.parse("2025-07-02T12:34:56.789Z"));
        assertThat(new String(r.toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"accessToken\":\"ya29.abc\",\"expireTime\":\"2025-07-02T12:34:56Z\"}");
        assertThat(r.toString()).doesNotContain("ya29.abc");
    }

    @Test
    void permissionDeniedWhenRenderedThenExactGcpJson() {
        assertThat(new String(GoogleRpcError.permissionDenied("iam.serviceAccounts.getAccessToken").toJson(),
                StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"code\":403,\"message\":\"Permission "
                + "'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).\",\"status\":"
                + "\"PERMISSION_DENIED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"IAM_PERMISSION_DENIED\",\"domain\":\"iam.googleapis.com\",\"metadata\":"
                + "{\"permission\":\"iam.serviceAccounts.getAccessToken\"}}]}}");
    }

    @Test
    void unauthenticatedAndNotFoundWhenRenderedThenStatusAndMessage() {
        GoogleRpcError u = GoogleRpcError.unauthenticated();
        assertThat(u.httpStatus()).isEqualTo(401);
        assertThat(new String(u.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"code\":401,\"message\":"
                + "\"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
                + "other valid authentication credential. See https://developers.google.com/identity/sign-in/web/"
                + "devconsole-project.\",\"status\":\"UNAUTHENTICATED\"}}");
        assertThat(GoogleRpcError.notFound("x@p.iam.gserviceaccount.com").httpStatus()).isEqualTo(404);
    }

    @Test
    void serviceAccountPathWhenEmailOrIdThenParsed() {
        assertThat(ServiceAccountPath.parse("/v1/projects/-/serviceAccounts/sa@p.iam.gserviceaccount.com:generateAccessToken"))
                .contains(new ServiceAccountPath("sa@p.iam.gserviceaccount.com", ServiceAccountPath.Method.GENERATE_ACCESS_TOKEN));
        assertThat(ServiceAccountPath.parse("/v1/projects/-/serviceAccounts/sa%40p.iam.gserviceaccount.com:generateIdToken"))
                .contains(new ServiceAccountPath("sa@p.iam.gserviceaccount.com", ServiceAccountPath.Method.GENERATE_ID_TOKEN));
        assertThat(ServiceAccountPath.parse("/v1/projects/-/serviceAccounts/1234567890:generateIdToken"))
                .hasValueSatisfying(p -> assertThat(p.isUniqueId()).isTrue());
        assertThat(ServiceAccountPath.parse("/v1/projects/my-project/serviceAccounts/sa@p:generateAccessToken")).isEmpty();
        assertThat(ServiceAccountPath.parse("/v1/projects/-/serviceAccounts/sa@p:signBlob")).isEmpty();
        assertThat(ServiceAccountPath.parse("/v1/projects/-/serviceAccounts/not-an-email:generateAccessToken")).isEmpty();
    }

    @Test
    void introspectWhenFederatedTokenThenPrincipalUsername() {
        FederatedToken t = new FederatedToken(123L, "pool", "prov", "sub-1",
                "principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/subject/sub-1",
                List.of(), Map.of(), Instant.ofEpochSecond(1000), Instant.ofEpochSecond(4600),
                List.of("openid", "https://www.googleapis.com/auth/cloud-platform"), "https://gitlab.example", "ab");
        String json = new String(IntrospectResponse.forFederated(t, "https://keyless.example").toJson(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"active\":true,\"client_id\":\"//iam.googleapis.com/projects/123/locations/global/"
                + "workloadIdentityPools/pool/providers/prov\",\"exp\":4600,\"iat\":1000,\"iss\":\"https://keyless.example\","
                + "\"scope\":\"openid https://www.googleapis.com/auth/cloud-platform\",\"sub\":\"sub-1\",\"username\":"
                + "\"principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/subject/sub-1\"}");
        assertThat(new String(IntrospectResponse.inactive().toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"active\":false}");
        assertThat(new IntrospectRequestParser().parse("token=ya29.abc&token_type_hint=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(Optional.of("ya29.abc"));
    }
}
