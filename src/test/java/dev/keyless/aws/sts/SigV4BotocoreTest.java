package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signatures made by real botocore (python3 -c 'import botocore…'): header form (SigV4Auth, as
 * boto3 and the CLI sign GetCallerIdentity) and presigned (SigV4QueryAuth, as generate_presigned_url).
 * With CI=true a missing python3/botocore fails the test instead of skipping it.
 */
class SigV4BotocoreTest {

    private static final String SCRIPT = String.join("\n",
            "import sys, json",
            "from botocore.auth import SigV4Auth, SigV4QueryAuth",
            "from botocore.awsrequest import AWSRequest",
            "from botocore.credentials import Credentials",
            "akid, secret, token, mode = sys.argv[1:5]",
            "creds = Credentials(akid, secret, token)",
            "if mode == 'header':",
            "    req = AWSRequest(method='POST', url='http://127.0.0.1:8443/', data='Action=GetCallerIdentity&Version=2011-06-15',",
            "                     headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})",
            "    SigV4Auth(creds, 'sts', 'eu-west-1').add_auth(req)",
            "else:",
            "    req = AWSRequest(method='GET', url='http://127.0.0.1:8443/', params={'Action': 'GetCallerIdentity', 'Version': '2011-06-15'})",
            "    SigV4QueryAuth(creds, 'sts', 'eu-west-1', expires=60).add_auth(req)",
            "p = req.prepare()",
            "body = p.body.decode() if isinstance(p.body, bytes) else (p.body or '')",
            "print(json.dumps({'url': p.url, 'headers': dict(p.headers.items()), 'body': body}))");

    private final SigV4Fixture fx = new SigV4Fixture(Clock.fixed(SigV4Fixture.NOW, ZoneOffset.UTC));

    private JsonNode botocore(String mode) throws Exception {
        String python = dev.keyless.testing.RealClients.python().toString();
        var probe = dev.keyless.testing.Processes.run(List.of(python, "-c", "import botocore"), Map.of(),
                null, java.time.Duration.ofSeconds(60), null);
        if (probe.exitCode() != 0) {
            dev.keyless.testing.RealClients.missing("botocore for " + python);
        }
        // From here a failure of the signing script is a test failure, never a skip.
        var run = dev.keyless.testing.Processes.run(List.of(python, "-c", SCRIPT, fx.credentials.accessKeyId(),
                fx.credentials.secret().value(), fx.credentials.sessionToken().value(), mode), Map.of(), null,
                java.time.Duration.ofSeconds(60), null);
        assertThat(run.exitCode()).as("botocore signing script: " + run.stderr()).isZero();
        return new ObjectMapper().readTree(run.stdout());
    }

    private static SigV4Request received(JsonNode signed, String method) {
        URI url = URI.create(signed.get("url").asText());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.get("headers").properties().forEach(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        headers.putIfAbsent("Host", List.of(url.getRawAuthority()));
        return new SigV4Request(method, url.getRawPath(), url.getRawQuery(), headers,
                signed.get("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static Instant signedAt(SigV4Request request) {
        String date = request.header("X-Amz-Date").orElseGet(() -> SigV4Signing.queryPairs(request.rawQuery()).stream()
                .filter(e -> e.getKey().equals("X-Amz-Date")).findFirst().orElseThrow().getValue());
        return Instant.from(SigV4Verifier.AMZ_DATE.parse(date));
    }

    @Test
    void verifyWhenBotocoreHeaderSignatureThenAuthenticated() throws Exception {
        SigV4Request request = received(botocore("header"), "POST");
        Instant at = signedAt(request);
        SigV4Fixture live = fx;

        SigV4Outcome outcome = new SigV4Verifier(Clock.fixed(at, ZoneOffset.UTC)).verify(request, atTime(live, at));

        assertThat(outcome).isInstanceOf(SigV4Outcome.Authenticated.class);
    }

    @Test
    void verifyWhenBotocorePresignedUrlThenAuthenticatedUntilExpires() throws Exception {
        SigV4Request request = received(botocore("presign"), "GET");
        Instant at = signedAt(request);

        assertThat(new SigV4Verifier(Clock.fixed(at.plusSeconds(60), ZoneOffset.UTC)).verify(request, atTime(fx, at)))
                .isInstanceOf(SigV4Outcome.Authenticated.class);
        SigV4Outcome late = new SigV4Verifier(Clock.fixed(at.plusSeconds(61), ZoneOffset.UTC)).verify(request, atTime(fx, at));
        assertThat(((SigV4Outcome.Failed) late).error()).isEqualTo(StsError.SIGNATURE_DOES_NOT_MATCH);
    }

    /** botocore signs at the real time; the session is checked at that time too. */
    private static SessionResolver atTime(SigV4Fixture fx, Instant at) {
        return SessionResolver.of(new dev.keyless.sealing.SessionTokenService(
                new dev.keyless.sealing.TokenSealer(fx.keys, fx.random), new dev.keyless.sealing.AwsSessionCodec(),
                Clock.fixed(fx.session.issuedAt().plusSeconds(1), ZoneOffset.UTC)));
    }
}
