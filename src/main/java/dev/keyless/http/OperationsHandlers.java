package dev.keyless.http;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (process up), {@code /readyz} (store reachable) and {@code /metrics}. */
public final class OperationsHandlers {
    private final PrometheusRegistry registry;
    private final BooleanSupplier ready;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public OperationsHandlers(PrometheusRegistry registry, BooleanSupplier ready) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ready = Objects.requireNonNull(ready, "ready");
    }

    public HttpReply health(HttpCall call) {
        return HttpReply.json(200, "{\"status\":\"ok\"}");
    }

    public HttpReply ready(HttpCall call) {
        return ready.getAsBoolean()
                ? HttpReply.json(200, "{\"status\":\"ready\"}")
                : HttpReply.json(503, "{\"status\":\"unavailable\",\"message\":\"the store is not reachable\"}");
    }

    public HttpReply metrics(HttpCall call) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        writer.write(out, registry.scrape());
        return new HttpReply(200, writer.getContentType(), Map.of(), out.toByteArray());
    }
}
