package dev.keyless.gcp.http;

import dev.keyless.gcp.sts.GoogleError;
import dev.keyless.gcp.sts.GoogleRpcError;
import dev.keyless.gcp.sts.StsError;
import dev.keyless.http.ErrorRenderer;
import dev.keyless.http.HttpReply;
import dev.keyless.http.RequestContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own errors (404, 405, 413, 500) on the GCP paths, in the shape Google's clients
 * parse there: OAuth error JSON ({@code error}, {@code error_description}; RFC 6749 §5.2) on the
 * STS paths, google.rpc.Status JSON ({@code {"error": {code, message, status}}}; Google Cloud APIs,
 * "Errors") on the IAM Credentials and IAM paths. The HTTP status is the failure's own.
 */
public final class GcpErrorRenderer implements ErrorRenderer {
    /** {@code /v1/token}, {@code /v1/introspect}, {@code /tokeninfo}. */
    public static final GcpErrorRenderer OAUTH = new GcpErrorRenderer(true);
    /** Every other {@code /v1/} path, and paths of Google APIs Keyless does not serve ({@link #isGoogleApiPath}). */
    public static final GcpErrorRenderer RPC = new GcpErrorRenderer(false);

    /**
     * A Google API path: an optional API name, then a version ({@code /v1/…}, {@code /v1beta1/…},
     * {@code /storage/v1/…}, {@code /compute/v1/…}), as in each API's REST reference.
     */
    private static final Pattern GOOGLE_API_PATH = Pattern.compile("/(?:([a-z][a-z0-9]*)/)?v\\d+(?:(?:alpha|beta)\\d*)?(?:/.*)?");

    private final boolean oauth;

    /** Whether a path looks like one of Google's REST APIs (for the server's errors on paths Keyless has no route for). */
    public static boolean isGoogleApiPath(String path) {
        return GOOGLE_API_PATH.matcher(path).matches();
    }

    /**
     * Said with every 404 on a Google path: Keyless serves identity only, and how to send the other APIs
     * elsewhere (gcloud's {@code api_endpoint_overrides} properties, {@code gcloud topic configurations};
     * client libraries' {@code api_endpoint} client option).
     */
    static String identityOnly(String path) {
        Matcher m = GOOGLE_API_PATH.matcher(path);
        String property = m.matches() && m.group(1) != null
                ? "api_endpoint_overrides/" + m.group(1) + " (environment CLOUDSDK_API_ENDPOINT_OVERRIDES_"
                        + m.group(1).toUpperCase(Locale.ROOT) + ")"
                : "api_endpoint_overrides/<api> (environment CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>, e.g."
                        + " CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER)";
        return "Keyless serves Google's identity APIs only (Security Token Service, IAM Credentials). Send other Google"
                + " APIs to their own endpoint: gcloud property " + property
                + ", or the api_endpoint client option of a client library.";
    }

    private GcpErrorRenderer(boolean oauth) {
        this.oauth = oauth;
    }

    @Override
    public HttpReply render(Kind kind, String message, RequestContext context) {
        String sentence = message.endsWith(".") ? message : message + "."; // Google's messages are sentences
        GoogleError error = oauth ? switch (kind) {
            case NOT_FOUND -> StsError.NOT_FOUND.with(sentence);
            case METHOD_NOT_ALLOWED -> StsError.METHOD_NOT_ALLOWED.with(sentence);
            case PAYLOAD_TOO_LARGE -> StsError.BODY_TOO_LARGE.with(sentence);
            case INTERNAL -> StsError.INTERNAL.with(sentence);
        } : new GoogleRpcError(kind.status(), switch (kind) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "UNIMPLEMENTED";
            case PAYLOAD_TOO_LARGE -> "INVALID_ARGUMENT";
            case INTERNAL -> "INTERNAL";
        }, kind == Kind.NOT_FOUND ? sentence + " " + identityOnly(message.replaceFirst("^No Keyless endpoint at ", ""))
                : sentence, Optional.empty());
        return new HttpReply(kind.status(), "application/json; charset=UTF-8", Map.of("Cache-Control", "no-store"),
                error.toJson());
    }
}
