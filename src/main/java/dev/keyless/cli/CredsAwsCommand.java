package dev.keyless.cli;

import dev.keyless.client.AwsStsClient;
import dev.keyless.client.AwsStsClient.AssumeRequest;
import dev.keyless.client.CredentialProcessJson;
import dev.keyless.client.StsCredentialsAnswer;
import dev.keyless.client.SubjectToken;
import dev.keyless.client.TokenFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyless creds aws}: AssumeRoleWithWebIdentity with the job's token, printed as the
 * {@code credential_process} JSON (AWS SDKs and Tools Reference Guide). Only the JSON goes to stdout; every problem goes
 * to stderr with exit 1, which the SDKs treat as a failed credential source.
 */
@Command(name = "aws", mixinStandardHelpOptions = true,
        header = "Print temporary AWS credentials for a CI job's token as credential_process JSON.",
        description = {
            "Exchange the token in --token-file for temporary AWS credentials and print them as",
            "credential_process JSON. In ~/.aws/config (one line):",
            "  credential_process = keyless creds aws --token-file /path/token",
            "                         --role-arn arn:aws:iam::111122223333:role/ROLE",
            "Point AWS_ENDPOINT_URL_STS at the same STS, or the AWS CLI's own STS calls go to AWS."})
public final class CredsAwsCommand implements Callable<Integer> {
    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:8080";
    private static final String PREFIX = "keyless creds aws: ";

    private final CliEnvironment env;

    @Option(names = "--role-arn", required = true, paramLabel = "ARN", description = "The role to assume.")
    String roleArn;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "The CI job's OIDC token; read again on every call.")
    String tokenFile;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The STS endpoint (default: $AWS_ENDPOINT_URL_STS, then $AWS_ENDPOINT_URL, then " + DEFAULT_ENDPOINT + ").")
    String endpoint;

    @Option(names = "--session-name", paramLabel = "NAME", description = "RoleSessionName (default: keyless-<epoch seconds>).")
    String sessionName;

    @Option(names = "--duration-seconds", paramLabel = "N", description = "DurationSeconds, 900..43200 (default: the STS's, 3600).")
    Integer durationSeconds;

    public CredsAwsCommand(CliEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Integer call() {
        Optional<URI> sts = stsEndpoint();
        if (sts.isEmpty()) {
            env.err().println(PREFIX + "the STS endpoint " + endpointText()
                    + " is not an http(s) URL; pass --endpoint http://HOST:PORT");
            return ExitCodes.USAGE;
        }
        TokenFile.Read read = TokenFile.read(env.resolve(tokenFile));
        if (!(read instanceof TokenFile.Present present)) {
            env.err().println(PREFIX + TokenFile.describe(read));
            return ExitCodes.DENIED;
        }
        String session = sessionName != null ? sessionName : "keyless-" + env.clock().instant().getEpochSecond();
        AssumeRequest request = new AssumeRequest(roleArn, session, present.token(),
                durationSeconds == null ? OptionalInt.empty() : OptionalInt.of(durationSeconds));
        return exchange(AwsStsClient.create(sts.get()), request);
    }

    private int exchange(AwsStsClient client, AssumeRequest request) {
        SubjectToken token = request.token();
        StsCredentialsAnswer response;
        try {
            response = client.assumeRoleWithWebIdentity(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            env.err().println(PREFIX + "interrupted while calling the STS at " + client.endpoint());
            return ExitCodes.DENIED;
        } catch (IOException e) {
            env.err().println(PREFIX + "cannot reach the STS at " + client.endpoint() + ": " + token.redactFrom(reason(e)));
            return ExitCodes.DENIED;
        }
        return switch (response) {
            case StsCredentialsAnswer.Issued issued -> {
                env.out().println(CredentialProcessJson.render(issued.credentials()));
                yield ExitCodes.OK;
            }
            case StsCredentialsAnswer.Fault f -> {
                env.err().println(token.redactFrom(PREFIX + f.code() + ": " + f.message() + " (request id " + f.requestId() + ")"));
                yield ExitCodes.DENIED;
            }
            case StsCredentialsAnswer.Unrecognized u -> {
                env.err().println(PREFIX + client.endpoint() + " did not answer like an STS (HTTP " + u.httpStatus()
                        + ": " + u.detail() + "); check --endpoint / AWS_ENDPOINT_URL_STS");
                yield ExitCodes.DENIED;
            }
        };
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The same order botocore resolves a configured endpoint in (AWS SDKs and Tools Reference Guide). */
    private String endpointText() {
        return Stream.of(endpoint, env.env().get("AWS_ENDPOINT_URL_STS"), env.env().get("AWS_ENDPOINT_URL"))
                .filter(s -> s != null && !s.isBlank())
                .findFirst()
                .orElse(DEFAULT_ENDPOINT)
                .strip();
    }

    private Optional<URI> stsEndpoint() {
        try {
            URI uri = new URI(endpointText());
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
