-- Trust configuration created at run time through the configuration APIs (AWS IAM, GCP IAM v1):
-- dev.keyless.resources.ResourceStore. One row per resource, its state as a JSON document.
-- name_key is the uniqueness key the owning API defines (IAM role names are unique regardless of
-- case, so their key is lower-cased); name keeps the spelling the caller chose.
-- config_revision counts committed changes: every node polls it and rebuilds its live view when it moves.
CREATE TABLE config_resources (
    kind       VARCHAR(64)  NOT NULL,
    scope      VARCHAR(256) NOT NULL,
    name_key   VARCHAR(512) NOT NULL,
    name       VARCHAR(512) NOT NULL,
    document   TEXT         NOT NULL,
    etag       VARCHAR(64)  NOT NULL,
    created_at BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (kind, scope, name_key)
);
CREATE TABLE config_revision (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL
);
INSERT INTO config_revision (id, revision) VALUES (1, 0);
