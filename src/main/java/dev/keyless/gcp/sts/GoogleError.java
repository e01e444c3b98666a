package dev.keyless.gcp.sts;

/**
 * An error as Google sends it: OAuth JSON ({@code {"error","error_description"}}) from the STS,
 * google.rpc.Status JSON ({@code {"error":{code,message,status}}}) from IAM Credentials. Clients
 * parse one or the other depending on the endpoint, so each endpoint family keeps its own shape.
 */
public sealed interface GoogleError permits OAuthError, GoogleRpcError {

    int httpStatus();

    /** {@code invalid_grant}, {@code PERMISSION_DENIED}, …: what the audit log records as the reason. */
    String wireCode();

    /** The human text the client shows. */
    String message();

    /** The response body, UTF-8 JSON. */
    byte[] toJson();
}
