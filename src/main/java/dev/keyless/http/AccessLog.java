package dev.keyless.http;

import static net.logstash.logback.argument.StructuredArguments.value;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request with the request id. Logs the path only: query strings can carry tokens
 * ({@code GET /?WebIdentityToken=…}, {@code /tokeninfo?access_token=…}), so they never reach a log.
 * Each value is a structured argument: the text format prints the message, {@code logging.format:
 * json} has a JSON encoder write them as fields (escaping is the encoder's, never hand-written).
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("keyless.access");

    void log(RequestContext ctx, String method, String path, String route, int status, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        BigDecimal ms = BigDecimal.valueOf(nanos, 6).setScale(3, RoundingMode.HALF_UP);
        // route has no placeholder: it is a JSON field only, the text line stays as it was.
        LOG.info("{} {} {} -> {} in {} ms from {}", value("requestId", ctx.requestId()), value("method", method),
                value("path", path), value("status", status), value("ms", ms), value("client", ctx.clientAddress()),
                value("route", route));
    }
}
