package dev.keyless.issuer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /.well-known/openid-configuration} for the issuer (OpenID Connect Discovery 1.0 §3) and
 * the JWKS response header. Unlike GitLab, {@code claims_supported} lists every CI claim
 * (GitLab lists only its user-OIDC claims there).
 */
public final class DiscoveryDocument {
    private static final ObjectMapper JSON = new ObjectMapper(); // thread-safe once configured
    public static final String JWKS_PATH = "/oauth/discovery/keys";
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    /**
     * GitLab sends {@code max-age=86400} (GitLab docs, ID token authentication). We keep its other directives but cache for
     * 300 s, so a rotated key reaches verifiers well within the key ring's default 10-minute publish
     * delay (KeyRingSettings.DEFAULT_PUBLISH_DELAY must stay ≥ this max-age + the refresh interval).
     */
    public static final String JWKS_CACHE_CONTROL = "max-age=300, public, must-revalidate, no-transform";

    public static final List<String> CLAIMS_SUPPORTED = List.of(
            "iss", "sub", "aud", "exp", "iat", "nbf", "jti",
            "namespace_id", "namespace_path", "project_id", "project_path",
            "job_project_id", "job_project_path", "job_namespace_id", "job_namespace_path",
            "user_id", "user_login", "user_email", "user_access_level",
            "pipeline_id", "pipeline_source", "job_id", "job_source",
            "ref", "ref_type", "ref_path", "ref_protected",
            "environment", "environment_protected", "deployment_tier", "environment_action",
            "runner_id", "runner_environment", "sha", "project_visibility",
            "ci_config_ref_uri", "ci_config_sha", "user_identities", "groups_direct");

    /**
     * The service-account issuer's path under the CI issuer. Service-account ID tokens
     * ({@code generateIdToken}) have their own {@code iss} and keys, as Google issues them from
     * {@code https://accounts.google.com} and not from any workload's issuer: a relying party that
     * trusts CI job tokens must never accept one (and {@code aud} is the caller's choice).
     */
    public static final String SERVICE_ACCOUNT_PATH = "/sa";

    /** Google's ID-token claims (the service-account ID token of the IAM Credentials API). */
    public static final List<String> SERVICE_ACCOUNT_CLAIMS = List.of(
            "iss", "sub", "aud", "azp", "exp", "iat", "email", "email_verified");

    private DiscoveryDocument() {}

    /** The document of the service-account issuer {@code issuerUrl} (the CI issuer + {@link #SERVICE_ACCOUNT_PATH}). */
    public static String serviceAccountJson(String issuerUrl, List<String> algorithms) {
        return json(issuerUrl, algorithms, SERVICE_ACCOUNT_CLAIMS);
    }

    /** The document for {@code issuerUrl} (no trailing slash) signing with {@code algorithms}. */
    public static String json(String issuerUrl, List<String> algorithms) {
        return json(issuerUrl, algorithms, CLAIMS_SUPPORTED);
    }

    private static String json(String issuerUrl, List<String> algorithms, List<String> claims) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuerUrl);
        doc.put("jwks_uri", issuerUrl + JWKS_PATH);
        doc.put("id_token_signing_alg_values_supported", algorithms);
        doc.put("subject_types_supported", List.of("public"));
        // GitLab's document (doorkeeper-openid_connect) publishes ["code"]; relying parties compare it.
        doc.put("response_types_supported", List.of("code"));
        doc.put("scopes_supported", List.of("openid"));
        doc.put("claims_supported", claims);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
