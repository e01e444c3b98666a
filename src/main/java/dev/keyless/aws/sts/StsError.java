package dev.keyless.aws.sts;

/**
 * STS wire errors: code, HTTP status, fault type and default message. Sources: STS API Reference, AssumeRoleWithWebIdentity
 * (operation errors and common query errors) and §6 (signature errors). {@code %s} placeholders
 * are filled by {@link #message(Object...)}; a null default means the caller always supplies one.
 */
public enum StsError {
    // §1 AssumeRoleWithWebIdentity errors
    INVALID_IDENTITY_TOKEN("InvalidIdentityToken", 400, null),
    EXPIRED_TOKEN_EXCEPTION("ExpiredTokenException", 400, null),
    IDP_REJECTED_CLAIM("IDPRejectedClaim", 403, null),
    IDP_COMMUNICATION_ERROR("IDPCommunicationError", 400, null),
    ACCESS_DENIED("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"),
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400, null),
    PACKED_POLICY_TOO_LARGE("PackedPolicyTooLarge", 400, null),
    REGION_DISABLED("RegionDisabledException", 403, null),
    VALIDATION_ERROR("ValidationError", 400, null),
    /** STS API Reference, AssumeRoleWithWebIdentity ValidationError example (d2a4u/sqs4s#270). */
    DURATION_EXCEEDS_MAX_SESSION("ValidationError", 400,
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),

    // Common query errors (STS API Reference, Common Errors)
    MISSING_ACTION("MissingAction", 400, "Missing Action"),
    /** Observed AWS phrasing; the version is {@code NO_VERSION_SPECIFIED} when absent. */
    INVALID_ACTION("InvalidAction", 400, "Could not find operation %s for version %s"),
    MISSING_PARAMETER("MissingParameter", 400, null),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400, null),
    MALFORMED_QUERY_STRING("MalformedQueryString", 404, null),
    INTERNAL_FAILURE("InternalFailure", 500, "An internal error occurred."),
    /** The server's own 404, 405 and 413 on the AWS path: AWS documents no code for them, so these are ours. */
    NOT_FOUND("NotFound", 404, null),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405, null),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413, null),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Service is unavailable."),

    // §6 signature and credential errors
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the signature you provided. Check your"
                    + " AWS Secret Access Key and signing method. Consult the service documentation for details."),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    EXPIRED_TOKEN("ExpiredToken", 403, "The security token included in the request is expired"),
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400, null),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403, "Request is missing Authentication Token");

    private final String code;
    private final int status;
    private final String template;

    StsError(String code, int status, String template) {
        this.code = code;
        this.status = status;
        this.template = template;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return status;
    }

    /** {@code Receiver} for server-side faults (5xx), {@code Sender} otherwise. */
    public String faultType() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    /** The default message, with {@code args} substituted; requires a template. */
    public String message(Object... args) {
        if (template == null) {
            throw new IllegalStateException(code + " has no default message; pass one explicitly");
        }
        return args.length == 0 ? template : String.format(java.util.Locale.ROOT, template, args);
    }
}
