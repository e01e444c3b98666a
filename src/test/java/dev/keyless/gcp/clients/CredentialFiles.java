package dev.keyless.gcp.clients;

import static dev.keyless.gcp.http.GcpHttp.AUDIENCE;
import static dev.keyless.gcp.http.GcpHttp.SA;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code external_account} credential files in the shape {@code gcloud iam
 * workload-identity-pools create-cred-config} produces (AIP-4117, external account credentials), with only the URLs
 * pointing at Keyless, and the job token in a text file with a trailing newline (as google-auth for
 * Python passes it through unstripped).
 */
final class CredentialFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialFiles() {
    }

    /** With {@code service_account_impersonation_url} for the deployer service account. */
    static Path impersonating(Path dir, String baseUrl, String jobToken) {
        return impersonating(dir, baseUrl, jobToken, AUDIENCE, SA);
    }

    /** For another provider ({@code audience}) and service account. */
    static Path impersonating(Path dir, String baseUrl, String jobToken, String audience, String serviceAccount) {
        ObjectNode n = base(dir, baseUrl, jobToken, audience);
        n.put("service_account_impersonation_url",
                baseUrl + "/v1/projects/-/serviceAccounts/" + serviceAccount + ":generateAccessToken");
        n.putObject("service_account_impersonation").put("token_lifetime_seconds", 3600);
        return write(dir, n);
    }

    /** Without impersonation: {@code token_info_url} at Keyless's {@code /v1/introspect}. */
    static Path federatedOnly(Path dir, String baseUrl, String jobToken) {
        ObjectNode n = base(dir, baseUrl, jobToken, AUDIENCE);
        n.put("token_info_url", baseUrl + "/v1/introspect");
        return write(dir, n);
    }

    private static ObjectNode base(Path dir, String baseUrl, String jobToken, String audience) {
        try {
            Files.createDirectories(dir);
            Path tokenFile = dir.resolve("job-token.txt");
            Files.writeString(tokenFile, jobToken + "\n");
            ObjectNode n = JSON.createObjectNode().put("universe_domain", "googleapis.com")
                    .put("type", "external_account").put("audience", audience)
                    .put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                    .put("token_url", baseUrl + "/v1/token");
            n.putObject("credential_source").put("file", tokenFile.toString()).putObject("format").put("type", "text");
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path dir, ObjectNode n) {
        try {
            Path file = dir.resolve("credentials.json");
            Files.writeString(file, n.toPrettyString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
