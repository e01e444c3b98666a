package dev.keyless.gcp.iam.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A refusal of the IAM v1 API as google.rpc.Status JSON, {@code {"error": {code, message, status,
 * details?}}} (Google Cloud APIs, "Errors"; AIP-193). Thrown inside a store transaction it rolls
 * the transaction back, so a refused change stores nothing.
 */
public final class IamApiError extends RuntimeException {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int code;
    private final String status;
    private final transient Optional<ObjectNode> detail;

    public IamApiError(int code, String status, String message, Optional<ObjectNode> detail) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public static IamApiError invalid(String message) {
        return new IamApiError(400, "INVALID_ARGUMENT", message, Optional.empty());
    }

    public static IamApiError notFound() {
        return new IamApiError(404, "NOT_FOUND", "Requested entity was not found.", Optional.empty());
    }

    public static IamApiError notFound(String message) {
        return new IamApiError(404, "NOT_FOUND", message, Optional.empty());
    }

    public static IamApiError alreadyExists() {
        return new IamApiError(409, "ALREADY_EXISTS", "Requested entity already exists", Optional.empty());
    }

    public static IamApiError failedPrecondition(String message) {
        return new IamApiError(400, "FAILED_PRECONDITION", message, Optional.empty());
    }

    public static IamApiError aborted(String sent, String current) {
        return new IamApiError(409, "ABORTED", "There were concurrent policy changes. Please retry the whole "
                + "read-modify-write with exponential backoff. The request's ETag '" + sent
                + "' did not match the current policy's ETag '" + current + "'.", Optional.empty());
    }

    /** 401: no bearer token, or one Keyless did not issue or that expired. */
    public static IamApiError unauthenticated() {
        return new IamApiError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected "
                + "OAuth 2 access token, login cookie or other valid authentication credential. See "
                + "https://developers.google.com/identity/sign-in/web/devconsole-project.", Optional.empty());
    }

    /** 403 as IAM words it, with the IAM_PERMISSION_DENIED ErrorInfo. */
    public static IamApiError permissionDenied(String permission, String resource) {
        ObjectNode info = JSON.createObjectNode().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                .put("reason", "IAM_PERMISSION_DENIED").put("domain", "iam.googleapis.com");
        info.putObject("metadata").put("permission", permission).put("resource", resource);
        return new IamApiError(403, "PERMISSION_DENIED", "Permission '" + permission
                + "' denied on resource (or it may not exist).", Optional.of(info));
    }

    /** 409 for an existing service account, with the ResourceInfo detail gcloud prints. */
    public static IamApiError serviceAccountExists(String accountId, String projectId, String resourceName) {
        ObjectNode info = JSON.createObjectNode().put("@type", "type.googleapis.com/google.rpc.ResourceInfo")
                .put("resourceName", resourceName);
        return new IamApiError(409, "ALREADY_EXISTS", "Service account " + accountId
                + " already exists within project projects/" + projectId + ".", Optional.of(info));
    }

    public int code() {
        return code;
    }

    public String status() {
        return status;
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", code).put("message", getMessage()).put("status", status);
        detail.ifPresent(d -> error.putArray("details").add(d));
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
