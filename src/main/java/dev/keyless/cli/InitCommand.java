package dev.keyless.cli;

import dev.keyless.config.ConfigException;
import dev.keyless.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        header = "Write a starter keyless.yaml that keyless lint passes and keyless serve starts with.",
        description = {
            "Write a starter keyless.yaml: the built-in issuer, one CI client (its secret is printed once; only its",
            "SHA-256 is written), an AWS account whose role gitlab-deployer trusts the main branch of mygroup/myrepo,",
            "and a GCP pool and service account for mygroup. The address is written once, in server.listen:",
            "the issuer URL, the AWS provider, its condition keys ($${keyless:issuer}) and the GCP provider follow",
            "it, so changing the port later is a one-line edit. The file passes keyless lint with no finding.",
            "",
            "Examples:",
            "  keyless init                                  writes ./keyless.yaml for 127.0.0.1:8080",
            "  keyless init --port 9090 ci/keyless.yaml      another port and path",
            "  keyless init --issuer https://keyless.example.com --force",
            "                                                the URL clients and clouds reach (behind a proxy)",
            "",
            "An existing file is never replaced without --force. Exit 0 written, 2 usage error or file exists."})
public final class InitCommand implements Callable<Integer> {
    private static final String TEMPLATE = "starter-keyless.yaml";
    private static final String HOST = "127.0.0.1";

    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port to listen on, on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--issuer", paramLabel = "URL",
            description = "Issuer URL: how clients and clouds reach the server, every token's iss (server.publicUrl)."
                    + " Default: http://127.0.0.1:PORT.")
    String issuer;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", defaultValue = "keyless.yaml",
            description = "Where to write the file (default: ${DEFAULT-VALUE} in the current folder).")
    String path;

    public InitCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "keyless init: --port must be 1..65535, got " + port);
        }
        URI publicUrl = issuer == null ? URI.create("http://" + HOST + ":" + port) : issuerUrl(issuer);
        Path file = env.resolve(path);
        if (Files.exists(file) && !force) {
            env.err().println("keyless init: " + file + " exists; pass --force to replace it, or give another PATH");
            env.err().flush();
            return ExitCodes.USAGE;
        }
        String secret = newSecret();
        String issuerId = publicUrl.toString().replaceFirst("^https?://", "");
        String text = template()
                .replace("{{LISTEN}}", HOST + ":" + port)
                .replace("{{PUBLIC_URL_LINE}}", issuer == null
                        ? "  # publicUrl: https://keyless.example.com   # how clients reach it, when not http://LISTEN (behind a proxy)\n"
                        : "  publicUrl: " + publicUrl + "   # how clients reach it: the issuer URL and every token's iss\n")
                .replace("{{ISSUER_ID}}", issuerId)
                .replace("{{SECRET_SHA256}}", dev.keyless.redaction.Fingerprints.sha256Hex(secret));
        // Checked before writing: a starter config that does not load would be a bug here, not the user's.
        try {
            ConfigLoader.parse(text, file.toString());
        } catch (ConfigException e) {
            throw new IllegalStateException("the starter config does not load:\n" + e.getMessage(), e);
        }
        write(file, text);
        env.out().println("keyless init: wrote " + file + " (listen " + HOST + ":" + port + ", issuer " + publicUrl + ")");
        env.out().println("CI client local-runner secret (shown once; only its SHA-256 is in the file): " + secret);
        env.out().println("Next: keyless lint --config " + path + " && keyless serve --config " + path);
        env.out().flush();
        return ExitCodes.OK;
    }

    private URI issuerUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
                    && uri.getFragment() == null && uri.getUserInfo() == null) {
                return URI.create(text.replaceAll("/+$", ""));
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "keyless init: --issuer must be an http(s) URL "
                + "with a host and no query, e.g. https://keyless.example.com; got " + text);
    }

    /** Written next to the target and moved into place, so a reader never sees half a file. */
    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keyless-init-", ".yaml");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String template() throws IOException {
        try (InputStream in = InitCommand.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the starter config " + TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** 32 random bytes, base64url: a bearer secret for the CI API (the file keeps only its SHA-256). */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
