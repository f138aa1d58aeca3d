-- Security around accounts (PRODUCT.md §7, J3): rate-limit counters shared by every server
-- instance, the audit log of security events, and single-use links sent by email.

-- One fixed window of one limit: `bucket` names the limit and whom it counts (an IP, a phone).
CREATE TABLE rate_limit (
    bucket       TEXT   NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- Never a password, a code or a token: who, what, when, from where.
CREATE TABLE audit_event (
    id         TEXT   NOT NULL PRIMARY KEY,
    at         BIGINT NOT NULL,
    kind       TEXT   NOT NULL,
    account_id TEXT,
    ip         TEXT   NOT NULL,
    user_agent TEXT   NOT NULL,
    detail     TEXT
);

CREATE INDEX audit_event_by_account ON audit_event (account_id, at);

-- A link sent by email (confirm the address, reset the password); only its hash is kept.
CREATE TABLE email_token (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    purpose    TEXT   NOT NULL,
    account_id TEXT   NOT NULL REFERENCES account (id),
    email      TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- Password reset by email finds accounts by address, whatever its case.
CREATE INDEX account_by_email ON account (lower(email));
