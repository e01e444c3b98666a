package dev.keyless.issuer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP response of {@code POST /api/v1/ci/id_tokens}, without HTTP. {@code client} is who
 * authenticated (absent on 401); {@code jtis} are the minted tokens' ids, for logs and audit.
 * A 401 should be sent with {@code WWW-Authenticate: Bearer} (RFC 6750 §3).
 */
public record CiApiResult(int status, String jsonBody, Optional<String> client, List<String> jtis) {
    public CiApiResult {
        Objects.requireNonNull(jsonBody, "jsonBody");
        Objects.requireNonNull(client, "client");
        jtis = List.copyOf(jtis);
    }

    @Override
    public String toString() {
        return "CiApiResult[status=" + status + ", client=" + client.orElse("-") + ", jtis=" + jtis + "]";
    }
}
