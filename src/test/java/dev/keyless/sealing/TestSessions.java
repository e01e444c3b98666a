package dev.keyless.sealing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixture sessions for tests. */
public final class TestSessions {

    private TestSessions() {}

    public static AwsSession session(String accessKeyId, String secret, Instant issuedAt, Instant expiresAt) {
        return new AwsSession(accessKeyId, new SecretAccessKey(secret), "111122223333", "deployer", "/ci/",
                "AROAEXAMPLEDEPLOYER12", "ci-run-42", "project_path:mygroup/myrepo:ref_type:branch:ref:main",
                "sts.amazonaws.com", "arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080",
                Optional.empty(), issuedAt, expiresAt, Optional.empty(), List.of(), Map.of());
    }
}
