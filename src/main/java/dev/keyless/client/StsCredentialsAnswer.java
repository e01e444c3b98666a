package dev.keyless.client;

import java.util.Objects;

/** What an STS endpoint answered to AssumeRoleWithWebIdentity. */
public sealed interface StsCredentialsAnswer {
    /** HTTP 200 with an {@code AssumeRoleWithWebIdentityResponse}. */
    record Issued(AwsCredentials credentials) implements StsCredentialsAnswer {
        public Issued {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /** An {@code ErrorResponse} (STS API Reference, Common Errors): the STS said no, and why. */
    record Fault(String code, String message, String requestId) implements StsCredentialsAnswer {
        public Fault {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** Anything else: an HTML page from a proxy, a truncated body, a different service. */
    record Unrecognized(int httpStatus, String detail) implements StsCredentialsAnswer {
        public Unrecognized {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
