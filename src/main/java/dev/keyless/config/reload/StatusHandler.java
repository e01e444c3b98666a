package dev.keyless.config.reload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.http.HttpCall;
import dev.keyless.http.HttpReply;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /keyless/v1/status}: the live config file version, since when, its lint findings
 * ({@code lintFindings}, one rendered line each, empty when clean), and the last refused
 * reload. Answered only to a loopback client: the file's path and its problems are for the
 * operator on the machine, and no administrator credential exists for this path to check.
 */
public final class StatusHandler {
    public static final String PATH = "/keyless/v1/status";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Optional<ReloadStatus>> status;

    public StatusHandler(Supplier<Optional<ReloadStatus>> status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    public HttpReply handle(HttpCall call) {
        if (!isLoopback(call.context().clientAddress())) {
            return HttpReply.json(403, "{\"error\":\"forbidden\",\"message\":\"" + PATH
                    + " answers only clients on the server's own machine (a loopback address)\"}");
        }
        ObjectNode body = JSON.createObjectNode();
        Optional<ReloadStatus> s = status.get();
        body.put("reloading", s.isPresent());
        s.ifPresent(r -> {
            body.put("file", r.file());
            body.put("sha256Prefix", r.sha256Prefix());
            body.put("since", r.since().toString());
            var lint = body.putArray("lintFindings");
            r.findings().forEach(lint::add);
            r.lastError().ifPresent(e -> body.put("lastError", e));
            r.lastErrorAt().ifPresent(t -> body.put("lastErrorAt", t.toString()));
        });
        return HttpReply.json(200, body.toString()).withHeader("Cache-Control", "no-store");
    }

    /** Whether a client address, as the server reports it, is this machine's (the console asks it too). */
    public static boolean isLoopback(String address) {
        // A literal address as the server reports it; never a name (no lookup for a client-controlled value).
        // getByName does no lookup for an IPv4 or IPv6 literal, which the patterns below guarantee.
        String literal = address == null ? "" : address.replaceFirst("%.*$", "");
        if (!literal.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !literal.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
