package dev.keyless.aws.sts;

import java.util.Objects;

/** The outcome of parsing an awsQuery request. */
public sealed interface StsParse {

    record Parsed(StsOperation operation) implements StsParse {
        public Parsed {
            Objects.requireNonNull(operation, "operation");
        }
    }

    record Rejected(StsFailure failure) implements StsParse {
        public Rejected {
            Objects.requireNonNull(failure, "failure");
        }
    }
}
