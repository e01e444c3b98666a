package dev.keyless.gcp.iam.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The GCP resources the IAM v1 API stores in {@code config_resources}, one JSON document per row.
 * Keys: pools by project id and pool id; providers by {@code projectId/poolId} and provider id;
 * service accounts and their policies by project id and account id; administrator tokens by
 * project id and the SHA-256 of the token (the token itself is never stored).
 */
public final class GcpResourceDocs {
    public static final String POOL = "gcp.pool";
    public static final String PROVIDER = "gcp.provider";
    public static final String SERVICE_ACCOUNT = "gcp.service-account";
    public static final String POLICY = "gcp.sa-policy";
    public static final String ADMIN_TOKEN = "gcp.admin-token";

    public static final String ACTIVE = "ACTIVE";
    public static final String DELETED = "DELETED";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private GcpResourceDocs() {
    }

    /** A workload identity pool; {@code expireTime} is set while soft-deleted. */
    public record PoolDoc(String displayName, String description, boolean disabled, String sessionDuration,
                          String state, String expireTime) {
    }

    /** An OIDC provider of a pool. */
    public record ProviderDoc(String displayName, String description, boolean disabled, String state,
                              String expireTime, String issuerUri, List<String> allowedAudiences, String jwksJson,
                              Map<String, String> attributeMapping, String attributeCondition) {
        public ProviderDoc {
            allowedAudiences = allowedAudiences == null ? List.of() : List.copyOf(allowedAudiences);
            attributeMapping = attributeMapping == null ? Map.of() : Map.copyOf(attributeMapping);
        }
    }

    /** A service account created through the API. */
    public record ServiceAccountDoc(String accountId, String email, String uniqueId, String displayName,
                                    String description, boolean disabled) {
    }

    /** A service account's IAM policy. */
    public record PolicyDoc(int version, List<BindingDoc> bindings) {
        public PolicyDoc {
            bindings = bindings == null ? List.of() : List.copyOf(bindings);
        }
    }

    public record BindingDoc(String role, List<String> members, ConditionDoc condition) {
        public BindingDoc {
            members = members == null ? List.of() : List.copyOf(members);
        }
    }

    public record ConditionDoc(String expression, String title, String description, String location) {
    }

    /** An administrator token's digest and the project it may change. */
    public record AdminTokenDoc(String projectId, String label) {
    }

    public static String write(Object doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + doc.getClass().getSimpleName(), e);
        }
    }

    /** Documents are written only by this API, so a document that does not read is a store fault. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("store: unreadable " + type.getSimpleName() + " document", e);
        }
    }
}
