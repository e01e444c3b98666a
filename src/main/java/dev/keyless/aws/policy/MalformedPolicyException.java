package dev.keyless.aws.policy;

/**
 * A policy document that IAM would reject. The message names the statement (its {@code Sid}, or its
 * index when it has none) and the element, because it is also what {@code MalformedPolicyDocument}
 * returns for session policies.
 */
public final class MalformedPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }

    public MalformedPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
