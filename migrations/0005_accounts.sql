-- Borrowers' accounts (PRODUCT.md J2–J3): the account, its consents, sign-ups waiting for their
-- phone code, and sessions. Tokens and passwords are stored only as hashes.

CREATE TABLE account (
    id                 TEXT   NOT NULL PRIMARY KEY,
    phone              TEXT   NOT NULL UNIQUE,
    email              TEXT   NOT NULL,
    surname            TEXT   NOT NULL,
    first_name         TEXT   NOT NULL,
    patronymic         TEXT,
    password_hash      TEXT   NOT NULL,
    phone_confirmed_at BIGINT NOT NULL,
    email_confirmed_at BIGINT,
    created_at         BIGINT NOT NULL
);

CREATE TABLE consent (
    account_id       TEXT   NOT NULL REFERENCES account (id),
    kind             TEXT   NOT NULL,
    document_version TEXT   NOT NULL,
    accepted_at      BIGINT NOT NULL,
    revoked_at       BIGINT,
    PRIMARY KEY (account_id, kind, accepted_at)
);

-- What a sign-up typed, kept until its phone code arrives (or for an hour).
CREATE TABLE pending_signup (
    phone         TEXT   NOT NULL PRIMARY KEY,
    details       TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE session (
    token_hash   TEXT   NOT NULL PRIMARY KEY,
    account_id   TEXT   NOT NULL REFERENCES account (id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    user_agent   TEXT   NOT NULL,
    ip           TEXT   NOT NULL,
    revoked_at   BIGINT
);

CREATE INDEX session_by_account ON session (account_id);
