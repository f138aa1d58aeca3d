-- One row per phone that codes go to (issue 16, item 3). Issuing a code upserts it first, which
-- on PostgreSQL locks the row until the issuing transaction ends: two requests for the same phone
-- are issued one after the other, so the resend wait and the hourly cap cannot be raced (SQLite
-- writes one transaction at a time anyway). Wrong codes are counted over a day; the tenth locks
-- the phone's codes until `locked_until`, and the phone is told.
CREATE TABLE code_subject (
    subject        TEXT   NOT NULL PRIMARY KEY,
    failures       BIGINT NOT NULL DEFAULT 0,
    failures_since BIGINT NOT NULL DEFAULT 0,
    locked_until   BIGINT NOT NULL DEFAULT 0,
    updated_at     BIGINT NOT NULL
);
