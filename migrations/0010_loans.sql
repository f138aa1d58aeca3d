-- From an application to a paid-out loan (PRODUCT.md J2 steps 7–10, §7 reliability): the selfie,
-- the add-ons ticked, the individual terms as signed with their evidence, the decision, the loan
-- with its frozen contract, its one payout, and the double-entry ledger that explains every rouble.

-- The selfie with the passport, re-encoded and sealed (it shows the passport).
CREATE TABLE application_selfie (
    application_id TEXT   NOT NULL PRIMARY KEY REFERENCES application (id),
    sealed         TEXT   NOT NULL,
    sha256         TEXT   NOT NULL,
    bytes          BIGINT NOT NULL,
    width          BIGINT NOT NULL,
    height         BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);

-- The add-ons ticked (codes joined by commas; empty for none) and when; the payout card or card
-- account (whichever was chosen last; the other is cleared); the
-- ПДН warning acknowledged; the decision (JSON of domain::scoring::Decision) and when.
ALTER TABLE application ADD COLUMN add_ons TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN add_ons_at BIGINT;
ALTER TABLE application ADD COLUMN card_id TEXT;
ALTER TABLE application ADD COLUMN payout_account_id TEXT;
ALTER TABLE application ADD COLUMN debt_load_ack_at BIGINT;
ALTER TABLE application ADD COLUMN decision TEXT;
ALTER TABLE application ADD COLUMN decided_at BIGINT;
ALTER TABLE application ADD COLUMN client_ip TEXT;
ALTER TABLE application ADD COLUMN device TEXT;

-- A document shown for signing, then signed: the exact HTML, its SHA-256, the amount the code
-- was bound to, and the evidence of the simple electronic signature.
CREATE TABLE signed_document (
    id             TEXT   NOT NULL PRIMARY KEY,
    application_id TEXT   NOT NULL REFERENCES application (id),
    kind           TEXT   NOT NULL,
    html           TEXT   NOT NULL,
    -- The same text as a PDF (hex), ending with the HTML's hash.
    pdf            TEXT   NOT NULL,
    sha256         TEXT   NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    signed_at      BIGINT,
    phone          TEXT,
    ip             TEXT,
    user_agent     TEXT
);

CREATE INDEX signed_document_by_application ON signed_document (application_id);

-- A loan: the contract frozen at signing (JSON of domain::loan::contract::Contract) and the
-- add-ons bought with it. Status: cooling_off (waits until payout_after; may be refused),
-- approved (to be paid out), active (paid out), refused (by the borrower before payout).
CREATE TABLE loan (
    id             TEXT   NOT NULL PRIMARY KEY,
    account_id     TEXT   NOT NULL REFERENCES account (id),
    application_id TEXT   NOT NULL UNIQUE REFERENCES application (id),
    contract       TEXT   NOT NULL,
    add_ons        TEXT   NOT NULL,
    -- Where the money goes: a card (by the gateway's token) or a card account.
    card_id           TEXT,
    payout_account_id TEXT,
    psk_percent    TEXT   NOT NULL,
    status         TEXT   NOT NULL,
    payout_after   BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    paid_out_at    BIGINT
);

CREATE INDEX loan_by_account ON loan (account_id);

-- The one payout of a loan (the primary key makes a second impossible). The idempotency key goes
-- to the gateway, which pays at most once per key; pending rows are reconciled at start.
CREATE TABLE payout (
    loan_id         TEXT   NOT NULL PRIMARY KEY REFERENCES loan (id),
    idempotency_key TEXT   NOT NULL UNIQUE,
    amount_kopecks  BIGINT NOT NULL,
    status          TEXT   NOT NULL,
    gateway_ref     TEXT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT
);

-- Double-entry ledger: each operation's lines sum to zero (debit positive, credit negative).
CREATE TABLE ledger_entry (
    operation_id   TEXT   NOT NULL,
    line           BIGINT NOT NULL,
    loan_id        TEXT   NOT NULL REFERENCES loan (id),
    account        TEXT   NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    memo           TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (operation_id, line)
);

CREATE INDEX ledger_by_loan ON ledger_entry (loan_id);

-- A card account for payouts (number and BIK; not a card number, so kept as typed).
CREATE TABLE payout_account (
    id         TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES account (id),
    bik        TEXT   NOT NULL,
    number     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- The sandbox gateway's own record of payouts (what the bank would keep), one per key.
-- destination: "card:<token>" or "account:<bik>:<number>".
CREATE TABLE sandbox_payout (
    idempotency_key TEXT   NOT NULL PRIMARY KEY,
    destination     TEXT   NOT NULL,
    amount_kopecks  BIGINT NOT NULL,
    reference       TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);

-- The sandbox gateway's verification charges: at most 10 ₽ taken from a card being bound and
-- refunded at once (what the bank would keep).
CREATE TABLE sandbox_charge (
    id             TEXT   NOT NULL PRIMARY KEY,
    card_token     TEXT   NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    purpose        TEXT   NOT NULL,
    charged_at     BIGINT NOT NULL,
    refunded_at    BIGINT
);

-- Biometric identification (МФК): kabinet's requests to the identity provider, and the result.
CREATE TABLE identity_request (
    id             TEXT   NOT NULL PRIMARY KEY,
    account_id     TEXT   NOT NULL REFERENCES account (id),
    application_id TEXT   NOT NULL REFERENCES application (id),
    -- open, verified, mismatch, denied
    status         TEXT   NOT NULL,
    created_at     BIGINT NOT NULL
);

-- The identity provider sandbox's own sessions (what the biometric system would keep).
CREATE TABLE sandbox_identity (
    id         TEXT   NOT NULL PRIMARY KEY,
    request_id TEXT   NOT NULL,
    return_to  TEXT   NOT NULL,
    -- open, allowed, denied, exchanged
    status     TEXT   NOT NULL,
    citizen    BIGINT,
    code       TEXT,
    created_at BIGINT NOT NULL
);

-- The sandbox gateway's refunds of charges, one per key.
CREATE TABLE sandbox_refund (
    idempotency_key TEXT   NOT NULL PRIMARY KEY,
    charge_id       TEXT   NOT NULL REFERENCES sandbox_charge (id),
    amount_kopecks  BIGINT NOT NULL,
    reference       TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);
