-- Cards (PRODUCT.md J2 step 6, §6): a binding is started by kabinet and finished by the payment
-- gateway's signed callback; kabinet keeps the gateway's token, the masked number, the holder
-- and the bank, never the number. Each callback event is accepted once.

CREATE TABLE card_binding (
    id         TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES account (id),
    -- pending, bound, failed
    status     TEXT   NOT NULL,
    failure    TEXT,
    card_id    TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE card (
    id         TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES account (id),
    token      TEXT   NOT NULL UNIQUE,
    masked     TEXT   NOT NULL,
    holder     TEXT   NOT NULL,
    bank       TEXT   NOT NULL,
    expires    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    removed_at BIGINT
);

CREATE INDEX card_by_account ON card (account_id);

CREATE TABLE gateway_event (
    event_id    TEXT   NOT NULL PRIMARY KEY,
    received_at BIGINT NOT NULL
);

-- The sandbox gateway's own side: its payment sessions (what it would keep at the bank).
-- Only what a bank would keep for a 3-D Secure step: the masked number, never the number.
CREATE TABLE sandbox_pay_session (
    id         TEXT   NOT NULL PRIMARY KEY,
    binding_id TEXT   NOT NULL,
    return_to  TEXT   NOT NULL,
    -- open, 3ds, done
    status     TEXT   NOT NULL,
    masked     TEXT,
    holder     TEXT,
    expires    TEXT,
    created_at BIGINT NOT NULL
);
