package dev.keyless.gcp.sts;

import java.util.Objects;

/** A parse result for the IAM Credentials endpoints: a value, or the google.rpc error to send. */
public sealed interface RpcResult<T> {

    record Valid<T>(T value) implements RpcResult<T> {
        public Valid {
            Objects.requireNonNull(value, "value");
        }
    }

    record Invalid<T>(GoogleRpcError error) implements RpcResult<T> {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }
}
