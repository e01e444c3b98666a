package dev.keyless.gcp.federation;

import dev.keyless.gcp.sts.GoogleRpcError;
import java.util.Objects;

/** An IAM Credentials or tokeninfo answer: a value, or the google.rpc error to send. */
public sealed interface IamResult<T> {

    GcpOutcome outcome();

    record Ok<T>(T value, GcpOutcome outcome) implements IamResult<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    record Failed<T>(GoogleRpcError error, GcpOutcome outcome) implements IamResult<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
