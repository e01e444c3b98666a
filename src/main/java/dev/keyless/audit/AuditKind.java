package dev.keyless.audit;

/** What was decided: one value per audited endpoint or operation. */
public enum AuditKind {
    /** A job token minted by the issuer (CLI {@code keyless token} or the CI API). */
    TOKEN_MINTED,
    /** A call to {@code POST /api/v1/ci/id_tokens} (authentication of the CI client). */
    CI_API,
    AWS_ASSUME_ROLE_WITH_WEB_IDENTITY,
    AWS_GET_CALLER_IDENTITY,
    /** {@code POST /v1/token}. */
    GCP_TOKEN_EXCHANGE,
    /** {@code POST /v1/introspect} and {@code GET /tokeninfo}. */
    GCP_INTROSPECT,
    GCP_GENERATE_ACCESS_TOKEN,
    GCP_GENERATE_ID_TOKEN,
    /** A call to the GCP IAM v1 configuration API (pools, providers, service accounts, IAM policies). */
    GCP_IAM_CONFIG,
    /** An issuer or sealing key rotation. */
    KEY_ROTATED,
    /** A change (or refused attempt) through the AWS IAM API: who, which operation, which resource. */
    IAM_CHANGE
}
