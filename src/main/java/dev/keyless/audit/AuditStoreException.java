package dev.keyless.audit;

/**
 * The audit store could not be written or read. On the request path this means the event is not
 * durable, so the handler must answer 500 instead of responding without a record.
 */
public final class AuditStoreException extends RuntimeException {
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
