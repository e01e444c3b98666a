package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM Credentials errors as google.rpc.Status JSON, {@code {"error":{code,message,status,details?}}}
 * (IAM Credentials API).
 *
 * @param deniedPermission for 403, the permission named in the {@code IAM_PERMISSION_DENIED} ErrorInfo
 */
public record GoogleRpcError(int code, String status, String message, Optional<String> deniedPermission)
        implements GoogleError {

    /** GCP troubleshooting page text for a bad or missing bearer token. */
    public static final String UNAUTHENTICATED_MESSAGE = "Request had invalid authentication credentials. "
            + "Expected OAuth 2 access token, login cookie or other valid authentication credential. "
            + "See https://developers.google.com/identity/sign-in/web/devconsole-project.";
    private static final ObjectMapper JSON = new ObjectMapper();

    public GoogleRpcError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(deniedPermission, "deniedPermission");
    }

    /** 403, exactly as in §4 (Terraform docs and community logs). */
    public static GoogleRpcError permissionDenied(String permission) {
        return new GoogleRpcError(403, "PERMISSION_DENIED",
                "Permission '" + permission + "' denied on resource (or it may not exist).", Optional.of(permission));
    }

    public static GoogleRpcError unauthenticated() {
        return new GoogleRpcError(401, "UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE, Optional.empty());
    }

    public static GoogleRpcError invalidArgument(String message) {
        return new GoogleRpcError(400, "INVALID_ARGUMENT", message, Optional.empty());
    }

    /**
     * 404 for an unknown service account. Text as commonly seen from iamcredentials ("Not found;
     * Gaia id not found for email …"); not in the reference, so medium confidence.
     */
    public static GoogleRpcError notFound(String emailOrUniqueId) {
        return new GoogleRpcError(404, "NOT_FOUND", "Not found; Gaia id not found for email " + emailOrUniqueId,
                Optional.empty());
    }

    /** 404 for a path that names no method (also the HTTP layer's 404 on the IAM Credentials paths). */
    public static GoogleRpcError methodNotFound() {
        return new GoogleRpcError(404, "NOT_FOUND", "Method not found.", Optional.empty());
    }

    @Override
    public String wireCode() {
        return status;
    }

    @Override
    public int httpStatus() {
        return code;
    }

    @Override
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", code).put("message", message).put("status", status);
        deniedPermission.ifPresent(p -> error.putArray("details").addObject()
                .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .put("reason", "IAM_PERMISSION_DENIED")
                .put("domain", "iam.googleapis.com")
                .putObject("metadata").put("permission", p));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
