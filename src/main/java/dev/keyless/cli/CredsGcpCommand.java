package dev.keyless.cli;

import dev.keyless.client.ExecutableSource;
import dev.keyless.client.ExecutableSourceResponse;
import dev.keyless.client.ExecutableSourceResponse.TokenType;
import dev.keyless.client.OutputFileCache;
import dev.keyless.client.TokenFile;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyless creds gcp}: google-auth's executable source (AIP-4117, external account credentials). The libraries run the
 * command with stderr merged into stdout and parse the result as JSON, so on success this prints
 * the JSON and nothing else, on either stream; a failure is the documented JSON error with exit 1.
 */
@Command(name = "gcp", mixinStandardHelpOptions = true,
        header = "Print a CI job's token as google-auth's executable-source response.",
        description = {
            "Print the token in --token-file as google-auth's executable-source response. In the",
            "external_account credential file (GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1 must be set):",
            "  \"credential_source\": {\"executable\": {\"command\": \"keyless creds gcp --token-file /path/token\"}}"})
public final class CredsGcpCommand implements Callable<Integer> {
    /** Set by google-auth for the executable (pluggable.py {@code _inject_env_variables}). */
    static final String OUTPUT_FILE_ENV = "GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE";
    static final String TOKEN_TYPE_ENV = "GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE";

    private final CliEnvironment env;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "The CI job's OIDC token; read again on every call.")
    String tokenFile;

    @Option(names = "--token-type", paramLabel = "TYPE",
            description = "id_token or jwt (default: the credential file's subject_token_type, which google-auth "
                    + "passes as $" + TOKEN_TYPE_ENV + ", else id_token).")
    String tokenType;

    public CredsGcpCommand(CliEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Integer call() {
        Optional<TokenType> type = tokenType();
        if (type.isEmpty()) {
            env.err().println("keyless creds gcp: --token-type must be id_token or jwt, not '" + tokenType + "'");
            return ExitCodes.USAGE;
        }
        ExecutableSourceResponse response = ExecutableSource.respond(TokenFile.read(env.resolve(tokenFile)), type.get(), env.clock());
        String json = response.toJson();
        if (response instanceof ExecutableSourceResponse.Success) {
            cache(json);
        }
        env.out().println(json);
        return response instanceof ExecutableSourceResponse.Success ? ExitCodes.OK : ExitCodes.DENIED;
    }

    private Optional<TokenType> tokenType() {
        if (tokenType != null) {
            return TokenType.parse(tokenType);
        }
        return Optional.ofNullable(env.env().get(TOKEN_TYPE_ENV)).flatMap(TokenType::parse).or(() -> Optional.of(TokenType.ID_TOKEN));
    }

    /**
     * A failed cache write is deliberately silent: the response on stdout is still valid and the
     * library simply runs us again next time, whereas any text on stderr would corrupt the JSON it
     * reads (stderr is merged into stdout).
     */
    private void cache(String json) {
        String file = env.env().get(OUTPUT_FILE_ENV);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            OutputFileCache.write(env.resolve(file), json);
        } catch (IOException e) {
            // see above
        }
    }
}
