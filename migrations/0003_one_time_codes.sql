-- One-time codes sent by SMS (PRODUCT.md §7). Only an HMAC of each code is kept, bound to its
-- purpose, its phone and what it confirms (a document's hash and amount, for instance).

CREATE TABLE one_time_code (
    id          TEXT   NOT NULL PRIMARY KEY,
    purpose     TEXT   NOT NULL,
    subject     TEXT   NOT NULL,
    code_hmac   TEXT   NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

CREATE INDEX one_time_code_by_subject ON one_time_code (subject, purpose, created_at);
