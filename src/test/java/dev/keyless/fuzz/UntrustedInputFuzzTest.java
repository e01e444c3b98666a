package dev.keyless.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.aws.sts.SigV4Request;
import dev.keyless.aws.sts.SigV4Verifier;
import dev.keyless.ci.CiFileException;
import dev.keyless.ci.GitlabCiConfig;
import dev.keyless.client.StsXmlParser;
import dev.keyless.gcp.sts.GenerateAccessTokenRequestParser;
import dev.keyless.gcp.sts.GenerateIdTokenRequestParser;
import dev.keyless.gcp.sts.IntrospectRequestParser;
import dev.keyless.gcp.sts.ServiceAccountPath;
import dev.keyless.issuer.CiApiClient;
import dev.keyless.issuer.CiTokenService;
import dev.keyless.issuer.ClaimBuilder;
import dev.keyless.issuer.IssuerSettings;
import dev.keyless.issuer.TokenMinter;
import dev.keyless.keys.KeyAlgorithm;
import dev.keyless.keys.SigningKey;
import dev.keyless.sealing.SessionLookup;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jazzer targets for the parsers of untrusted input that have no fuzz target of their own (the
 * token verifier, STS query parser, sealer, GCP token request and CEL mapping have theirs). Each
 * runs its committed corpus in regression mode during {@code mvn test}; the only acceptable
 * outcomes are a value or the parser's declared rejection — anything else is a finding.
 */
class UntrustedInputFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);
    // The CI API's digest of "secret"; the fuzzer may or may not find the right bearer value.
    private static final String SECRET_SHA256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

    /** Session policies arrive in AssumeRoleWithWebIdentity's Policy parameter. */
    @FuzzTest
    void sessionPolicy(FuzzedDataProvider data) {
        try {
            PolicyParser.parse(data.consumeRemainingAsString());
        } catch (MalformedPolicyException expected) {
            // the declared rejection: MalformedPolicyDocument on the wire
        }
    }

    /** Every header of a GetCallerIdentity request is the caller's choice. */
    @FuzzTest
    void sigV4(FuzzedDataProvider data) {
        Map<String, List<String>> headers = Map.of(
                "authorization", List.of(data.consumeString(300)),
                "x-amz-date", List.of(data.consumeString(20)),
                "x-amz-security-token", List.of(data.consumeString(200)),
                "host", List.of(data.consumeString(40)));
        SigV4Request request = new SigV4Request(data.pickValue(List.of("GET", "POST")), "/", data.consumeString(300), headers,
                data.consumeRemainingAsBytes());
        new SigV4Verifier(CLOCK).verify(request, (akid, token) -> new SessionLookup.Invalid("fuzz"));
    }

    /** The CI API body and bearer header. */
    @FuzzTest
    void ciApi(FuzzedDataProvider data) {
        IssuerSettings settings = IssuerSettings.gitlabDefaults("https://keyless.example");
        CiTokenService service = new CiTokenService(List.of(new CiApiClient("fuzz", SECRET_SHA256, List.of("**"))),
                new TokenMinter(new ClaimBuilder(settings), FakeKey::new, CLOCK), settings);
        String auth = data.consumeBoolean() ? "Bearer secret" : data.consumeString(40);
        var result = service.handle(auth, data.consumeRemainingAsBytes());
        if (result.status() >= 500) {
            throw new IllegalStateException("a request made the CI API fail: " + result);
        }
    }

    /** IAM Credentials bodies and paths (generateAccessToken, generateIdToken) and introspection. */
    @FuzzTest
    void iamCredentials(FuzzedDataProvider data) {
        ServiceAccountPath.parse(data.consumeString(200));
        byte[] body = data.consumeRemainingAsBytes();
        new GenerateAccessTokenRequestParser().parse(body);
        new GenerateIdTokenRequestParser().parse(body);
        new IntrospectRequestParser().parse(body);
    }

    /** `keyless creds aws` parses whatever the STS endpoint answers (XXE and DOCTYPE refused). */
    @FuzzTest
    void stsResponseXml(FuzzedDataProvider data) {
        StsXmlParser.parse(data.consumeInt(100, 599), data.consumeRemainingAsBytes());
    }

    /** `keyless ci tokens` reads a repository's .gitlab-ci.yml. */
    @FuzzTest
    void gitlabCiFile(FuzzedDataProvider data) {
        try {
            String text = data.consumeRemainingAsString();
            GitlabCiConfig.load(".gitlab-ci.yml", p -> Optional.of(text)).job("deploy");
        } catch (CiFileException expected) {
            // the declared rejection, printed with exit code 2
        }
    }

    /** A stand-in signer: the fuzz target is the request parsing in front of it, not RSA. */
    private record FakeKey() implements SigningKey {
        @Override
        public String kid() {
            return "fuzz";
        }

        @Override
        public KeyAlgorithm alg() {
            return KeyAlgorithm.RS256;
        }

        @Override
        public String sign(byte[] payload) {
            return "e30." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + ".c2ln";
        }
    }
}
