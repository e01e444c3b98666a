package dev.keyless.http;

import java.util.Objects;

/**
 * What every handler and every audit event needs to know about the caller, passed explicitly
 * (no thread-locals): the id the client is shown, where the request came from and how.
 */
public record RequestContext(String requestId, String clientAddress, String userAgent, boolean secureTransport) {
    public RequestContext {
        Objects.requireNonNull(requestId, "requestId");
        clientAddress = clientAddress == null ? "" : clientAddress;
        userAgent = userAgent == null ? "" : userAgent;
    }
}
