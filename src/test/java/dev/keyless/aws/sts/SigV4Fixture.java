package dev.keyless.aws.sts;

import dev.keyless.sealing.AccessKeyIds;
import dev.keyless.sealing.AwsSession;
import dev.keyless.sealing.AwsSessionCodec;
import dev.keyless.sealing.SealingKeys;
import dev.keyless.sealing.SecretAccessKey;
import dev.keyless.sealing.SessionCredentials;
import dev.keyless.sealing.SessionTokenService;
import dev.keyless.sealing.TokenSealer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Minted sessions plus conversion of AWS SDK requests into {@link SigV4Request}s. */
final class SigV4Fixture {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    final SecureRandom random = new SecureRandom();
    final SealingKeys keys = SealingKeys.inMemory(Clock.fixed(NOW, ZoneOffset.UTC), random);
    final SessionTokenService sessions;
    final AwsSession session;
    final SessionCredentials credentials;

    SigV4Fixture(Clock clock) {
        sessions = new SessionTokenService(new TokenSealer(keys, random), new AwsSessionCodec(), clock);
        session = new AwsSession(AccessKeyIds.newAccessKeyId(random), SecretAccessKey.generate(random),
                "111122223333", "deployer", "/", "AROAEXAMPLEDEPLOYER12", "ci-run-42",
                "project_path:mygroup/myrepo:ref_type:branch:ref:main", "sts.amazonaws.com",
                "arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080", Optional.empty(), NOW,
                NOW.plus(Duration.ofHours(1)), Optional.empty(), List.of(), Map.of());
        credentials = sessions.mint(session);
    }

    SessionResolver resolver() {
        return SessionResolver.of(sessions);
    }

    /** What a server receives for the SDK's request: the Host header as an HTTP client sends it. */
    static SigV4Request received(SdkHttpRequest signed, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        int port = signed.port();
        headers.putIfAbsent("Host", List.of(signed.host() + (port == 80 || port == 443 ? "" : ":" + port)));
        String rawQuery = signed.encodedQueryParameters().orElse("");
        return new SigV4Request(signed.method().name(), signed.encodedPath().isEmpty() ? "/" : signed.encodedPath(),
                rawQuery, headers, body);
    }

    static byte[] read(Optional<ContentStreamProvider> payload) {
        return payload.map(p -> {
            try (var in = p.newStream(); var out = new ByteArrayOutputStream()) {
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
    }
}
