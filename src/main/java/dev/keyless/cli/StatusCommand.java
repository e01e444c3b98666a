package dev.keyless.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.reload.StatusHandler;
import dev.keyless.json.UntrustedJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show which version of the config file the running server has in force.",
        description = {
            "Asks the running server (on this machine) which version of keyless.yaml is live: its",
            "SHA-256 prefix, since when, the findings of keyless lint on it (FILE:LINE: KEY.PATH: SEVERITY",
            "rule: message, as the server runs it), and the last edit it refused (the old version kept serving).",
            "The server re-reads the file within a second of a change, and on SIGHUP."})
public final class StatusCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    ConfigOption config;

    @Option(names = "--url", paramLabel = "URL",
            description = "The server's base URL (default: from server.listen in the config, on 127.0.0.1).")
    String url;

    public StatusCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        String base = url;
        if (base == null) {
            KeylessConfig cfg = config.load(env);
            String host = cfg.server().listenHost();
            if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
                host = "127.0.0.1";
            }
            base = (cfg.server().tls().isPresent() ? "https" : "http") + "://" + host + ":" + cfg.server().listenPort();
        }
        URI uri;
        try {
            uri = URI.create(base.replaceAll("/+$", "") + StatusHandler.PATH);
        } catch (IllegalArgumentException e) {
            throw new UsageException("keyless status: --url must be a URL such as http://127.0.0.1:8080; got " + base);
        }
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            env.err().println("keyless status: no server answers at " + uri + ": " + e.getMessage());
            env.err().flush();
            return ExitCodes.DENIED;
        }
        if (r.statusCode() != 200) {
            env.err().println("keyless status: " + uri + " answered " + r.statusCode() + ": " + LogText.escapeControls(r.body()));
            env.err().flush();
            return ExitCodes.DENIED;
        }
        JsonNode s;
        try {
            s = UntrustedJson.readObject(r.body());
        } catch (dev.keyless.json.MalformedJsonException e) {
            env.err().println("keyless status: " + uri + " did not answer a status object: " + e.getMessage());
            env.err().flush();
            return ExitCodes.DENIED;
        }
        if (!s.path("reloading").asBoolean()) {
            env.out().println("config: the server does not watch its config file");
        } else {
            env.out().println("config:      " + text(s, "file"));
            env.out().println("version:     sha256 " + text(s, "sha256Prefix"));
            env.out().println("live since:  " + text(s, "since"));
            env.out().println("last error:  " + (s.has("lastError") ? text(s, "lastErrorAt") + " " + text(s, "lastError")
                    : "none"));
            JsonNode findings = s.path("lintFindings");
            env.out().println("lint:        " + (findings.isEmpty() ? "no findings"
                    : findings.size() + " finding(s) in the version in service (keyless lint explains each rule):"));
            findings.forEach(f -> env.out().println("  " + LogText.escapeControls(f.asText(""))));
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    private static String text(JsonNode s, String field) {
        return LogText.escapeControls(s.path(field).asText(""));
    }
}
