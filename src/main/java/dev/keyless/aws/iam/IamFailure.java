package dev.keyless.aws.iam;

import java.util.Objects;

/**
 * An IAM error ready for the wire: the model's code, its HTTP status and the message. Codes and
 * statuses are those of the IAM service model (IAM API Reference, "Common Errors" and each
 * operation's "Errors" section); codes the model does not list (ValidationError, InvalidAction,
 * the signature errors) are rendered the same way, which AWS SDKs accept.
 */
public record IamFailure(String code, int status, String message) {

    public IamFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** {@code Receiver} for server faults (5xx), {@code Sender} otherwise. */
    public String type() {
        return status >= 500 ? "Receiver" : "Sender";
    }

    static IamFailure noSuchEntity(String message) {
        return new IamFailure("NoSuchEntity", 404, message);
    }

    static IamFailure alreadyExists(String message) {
        return new IamFailure("EntityAlreadyExists", 409, message);
    }

    static IamFailure malformedPolicy(String message) {
        return new IamFailure("MalformedPolicyDocument", 400, message);
    }

    static IamFailure invalidInput(String message) {
        return new IamFailure("InvalidInput", 400, message);
    }

    static IamFailure validation(String message) {
        return new IamFailure("ValidationError", 400, message);
    }

    static IamFailure limitExceeded(String message) {
        return new IamFailure("LimitExceeded", 409, message);
    }

    static IamFailure deleteConflict(String message) {
        return new IamFailure("DeleteConflict", 409, message);
    }

    static IamFailure unmodifiable(String message) {
        return new IamFailure("UnmodifiableEntity", 400, message);
    }

    static IamFailure accessDenied(String message) {
        return new IamFailure("AccessDenied", 403, message);
    }

    static IamFailure serviceFailure(String message) {
        return new IamFailure("ServiceFailure", 500, message);
    }

    /** Thrown inside a store transaction so that it rolls back; caught by the handler and rendered. */
    static final class Refusal extends RuntimeException {
        private final transient IamFailure failure;

        Refusal(IamFailure failure) {
            super(failure.code() + ": " + failure.message(), null, false, false);
            this.failure = failure;
        }

        IamFailure failure() {
            return failure;
        }
    }

    Refusal refusal() {
        return new Refusal(this);
    }
}
