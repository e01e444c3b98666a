package dev.keyless.aws.sts;

import dev.keyless.sealing.AwsSession;
import java.util.Objects;

/** The outcome of verifying a SigV4-signed request. */
public sealed interface SigV4Outcome {

    record Authenticated(AwsSession session) implements SigV4Outcome {
        public Authenticated {
            Objects.requireNonNull(session, "session");
        }
    }

    record Failed(StsFailure failure) implements SigV4Outcome {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        public StsError error() {
            return failure.error();
        }

        public String message() {
            return failure.message();
        }
    }
}
