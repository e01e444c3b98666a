package dev.keyless.aws.e2e;

/**
 * The explicit flow of the seed articles as a bash script: assume the role, export the three
 * variables, call GetCallerIdentity. Expects {@code AWS_CLI}, {@code TOKEN_FILE}, {@code ROLE_ARN}
 * in the environment; {@code endpointArgs} is empty when the CLI honours
 * {@code AWS_ENDPOINT_URL_STS}, or {@code --endpoint-url URL} for CLIs older than 2.13 / 1.29.
 */
final class ExplicitFlow {
    private ExplicitFlow() {}

    static String script(String endpointArgs) {
        return String.join("\n",
                "set -euo pipefail",
                "read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <(\"$AWS_CLI\" sts assume-role-with-web-identity "
                        + endpointArgs + " --duration-seconds 3600 --role-arn \"$ROLE_ARN\" --role-session-name explicit-flow"
                        + " --web-identity-token \"$(cat \"$TOKEN_FILE\")\""
                        + " --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)",
                "export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN",
                "\"$AWS_CLI\" sts get-caller-identity " + endpointArgs + " --output text",
                "");
    }
}
