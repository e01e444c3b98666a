package dev.keyless.oidc;

import java.util.Objects;

/** Internal step result: a value, or a typed rejection that ends verification. */
sealed interface Outcome<T> permits Outcome.Ok, Outcome.Fail {

    record Ok<T>(T value) implements Outcome<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    record Fail<T>(RejectionReason reason, String detail) implements Outcome<T> {
        public Fail {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Outcome<T> fail(RejectionReason reason, String detail) {
        return new Fail<>(reason, detail);
    }

    /** Re-types a failure for the next step. */
    default <U> Fail<U> failure() {
        Fail<T> f = (Fail<T>) this;
        return new Fail<>(f.reason(), f.detail());
    }
}
