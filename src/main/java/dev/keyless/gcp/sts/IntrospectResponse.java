package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.gcp.iam.FederatedToken;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /v1/introspect} body (Google STS API, introspect): active
 * tokens carry {@code {active, client_id, exp, iat, iss, scope, sub, username}} with
 * {@code username} the {@code principal://} URI — gcloud makes it the account name;
 * anything else is {@code {"active":false}} (RFC 7662 §2.2).
 */
public record IntrospectResponse(boolean active, Optional<Details> details) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields of an active token. */
    public record Details(String clientId, long exp, long iat, String iss, String scope, String sub, String username) {
    }

    public static IntrospectResponse inactive() {
        return new IntrospectResponse(false, Optional.empty());
    }

    /**
     * @param issuer the STS issuer to report (e.g. Keyless's public base URL)
     */
    public static IntrospectResponse forFederated(FederatedToken t, String issuer) {
        return new IntrospectResponse(true, Optional.of(new Details("//iam.googleapis.com/" + t.providerResourceName(),
                t.expiresAt().getEpochSecond(), t.issuedAt().getEpochSecond(), issuer, String.join(" ", t.scopes()),
                t.subject(), t.principal())));
    }

    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode().put("active", active);
        details.filter(d -> active).ifPresent(d -> n.put("client_id", d.clientId()).put("exp", d.exp())
                .put("iat", d.iat()).put("iss", d.iss()).put("scope", d.scope()).put("sub", d.sub())
                .put("username", d.username()));
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
