package dev.keyless.gcp.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.gcp.federation.IamResult;
import dev.keyless.gcp.federation.ImpersonationService;
import dev.keyless.gcp.federation.TokenInfo;
import dev.keyless.gcp.iam.ServiceAccountToken;
import dev.keyless.gcp.sts.GenerateAccessTokenResponse;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.ServiceAccountPath;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/projects/-/serviceAccounts/{EMAIL}:generateAccessToken|:generateIdToken}
 * (google.rpc.Status errors, IAM Credentials API) and {@code GET /tokeninfo} for the
 * service-account tokens Keyless issues.
 */
public final class IamCredentialsHandlers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImpersonationService service;
    private final GcpAuditSink audit;

    /** @param audit receives every outcome before the response is written */
    public IamCredentialsHandlers(ImpersonationService service, GcpAuditSink audit) {
        this.service = Objects.requireNonNull(service, "service");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public HttpReply serviceAccounts(HttpCall call) {
        Optional<ServiceAccountPath> path = ServiceAccountPath.parse(call.rawPath());
        if (path.isEmpty()) {
            return rpcError(GoogleRpcError.methodNotFound());
        }
        Optional<String> authorization = call.header("authorization");
        String account = path.get().emailOrUniqueId();
        return switch (path.get().method()) {
            case GENERATE_ACCESS_TOKEN -> {
                IamResult<GenerateAccessTokenResponse> r = service.generateAccessToken(authorization, account, call.body());
                audit.record(r.outcome(), call.context());
                yield switch (r) {
                    case IamResult.Ok<GenerateAccessTokenResponse> ok -> json(200, ok.value().toJson());
                    case IamResult.Failed<GenerateAccessTokenResponse> f -> rpcError(f.error());
                };
            }
            case GENERATE_ID_TOKEN -> {
                IamResult<String> r = service.generateIdToken(authorization, account, call.body());
                audit.record(r.outcome(), call.context());
                yield switch (r) {
                    case IamResult.Ok<String> ok -> json(200, JSON.createObjectNode().put("token", ok.value())
                            .toString().getBytes(StandardCharsets.UTF_8));
                    case IamResult.Failed<String> f -> rpcError(f.error());
                };
            }
        };
    }

    /**
     * Google's tokeninfo shape: string-valued {@code exp}, {@code expires_in} and
     * {@code email_verified}; {@code azp}/{@code aud} the service account's unique id; an unknown
     * or expired token is 400 {@code invalid_token} "Invalid Value".
     */
    public HttpReply tokenInfo(HttpCall call) {
        IamResult<TokenInfo> r = service.tokenInfo(call.queryParam("access_token").orElse(""));
        audit.record(r.outcome(), call.context());
        return switch (r) {
            case IamResult.Failed<TokenInfo> f -> json(400, JSON.createObjectNode()
                    .put("error", "invalid_token").put("error_description", "Invalid Value")
                    .toString().getBytes(StandardCharsets.UTF_8));
            case IamResult.Ok<TokenInfo> ok -> {
                ServiceAccountToken t = ok.value().token();
                yield json(200, JSON.createObjectNode().put("azp", t.uniqueId()).put("aud", t.uniqueId())
                        .put("sub", t.uniqueId()).put("scope", String.join(" ", t.scopes()))
                        .put("exp", Long.toString(t.expiresAt().getEpochSecond()))
                        .put("expires_in", Long.toString(ok.value().expiresIn()))
                        .put("email", t.email()).put("email_verified", "true").put("access_type", "online")
                        .toString().getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static HttpReply rpcError(GoogleRpcError e) {
        return json(e.httpStatus(), e.toJson());
    }

    private static HttpReply json(int status, byte[] body) {
        return new HttpReply(status, "application/json; charset=UTF-8", Map.of("Cache-Control", "no-store"), body);
    }
}
