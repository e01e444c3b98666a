-- Audit log (dev.keyless.audit): one row per decision, written before the response is sent.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL (TEXT and BIGINT exist in both; no serial
-- or AUTOINCREMENT, whose spellings differ). Never holds a token, a secret or a session token:
-- only the token's jti and the first 16 hex digits of its SHA-256.
CREATE TABLE audit_events (
    -- Epoch MICROseconds: the ordering key (newest first), finer than V1's milliseconds so that
    -- events of one busy millisecond keep their order; ties fall back to request_id.
    occurred_at BIGINT NOT NULL,
    request_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT,
    message TEXT,
    -- The explanation tree as a JSON document (text, so both stores read it the same way).
    explanation TEXT,
    issuer TEXT,
    subject TEXT,
    audience TEXT,
    -- The AWS role ARN or the GCP service account email.
    role TEXT,
    session_name TEXT,
    client_address TEXT,
    user_agent TEXT,
    jti TEXT,
    token_sha256 TEXT
);
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);
CREATE INDEX audit_events_request_id ON audit_events (request_id);
