package dev.keyless.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request with the request id. Logs the path only: query strings can carry tokens
 * ({@code GET /?WebIdentityToken=…}, {@code /tokeninfo?access_token=…}), so they never reach a log.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("keyless.access");
    private final boolean json;

    public AccessLog(boolean json) {
        this.json = json;
    }

    void log(RequestContext ctx, String method, String path, String route, int status, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        double ms = nanos / 1e6;
        if (json) {
            LOG.info("{\"requestId\":\"{}\",\"method\":\"{}\",\"path\":\"{}\",\"route\":\"{}\",\"status\":{},\"ms\":{},\"client\":\"{}\"}",
                    ctx.requestId(), method, KeylessHttpServer.jsonEscape(path), route, status,
                    String.format(java.util.Locale.ROOT, "%.3f", ms), ctx.clientAddress());
        } else {
            LOG.info("{} {} {} -> {} in {} ms from {}", ctx.requestId(), method, path, status,
                    String.format(java.util.Locale.ROOT, "%.3f", ms), ctx.clientAddress());
        }
    }
}
