-- Repayments and prolongations (PRODUCT.md J5–J7, §7 reliability): each payment is one row per
-- borrower's key, charged at the gateway at most once (its key `payment:<id>`), and credited to
-- the loan once, in one transaction with its loan events and ledger lines.

-- Bumped by every operation on a loan, first thing in its transaction: operations on one loan
-- queue behind each other (a row lock on PostgreSQL, the write lock on SQLite).
ALTER TABLE loan ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE loan ADD COLUMN repaid_at BIGINT;

CREATE TABLE payment (
    id             TEXT   NOT NULL PRIMARY KEY,
    -- The payer and their key for this payment (the form's own): one payment per pair, so a
    -- double click, a retry or a second tab finds the payment already made. Quick payments
    -- without login use the payer `quick`.
    payer          TEXT   NOT NULL,
    client_key     TEXT   NOT NULL,
    loan_id        TEXT   NOT NULL REFERENCES loan (id),
    amount_kopecks BIGINT NOT NULL,
    -- card (a bound card, confirmed by SMS code) or hosted (the gateway's page, another card)
    method         TEXT   NOT NULL,
    card_id        TEXT,
    -- repay, or prolong:<days> (the price of a prolongation, with its agreement)
    purpose        TEXT   NOT NULL,
    -- What an early partial payment of an installment loan shortens (domain EarlyChoice).
    early          TEXT   NOT NULL,
    -- awaiting_code, confirmed (the charge is asked), done (credited), failed
    status         TEXT   NOT NULL,
    gateway_ref    TEXT,
    failure        TEXT,
    -- The day the money counts on (the lender's calendar) and the loan's state after it.
    credited_on    TEXT,
    -- The supplementary agreement of a prolongation: its HTML, the same text as a PDF (hex),
    -- the HTML's SHA-256, and the evidence of the signature.
    agreement_html TEXT,
    agreement_pdf  TEXT,
    agreement_sha  TEXT,
    signed_ip      TEXT,
    signed_agent   TEXT,
    created_at     BIGINT NOT NULL,
    finished_at    BIGINT,
    UNIQUE (payer, client_key)
);

CREATE INDEX payment_by_loan ON payment (loan_id);
CREATE INDEX payment_by_status ON payment (status);

-- What happened to a loan after its payout, in order (JSON of domain::loan::event::Event).
CREATE TABLE loan_event (
    loan_id    TEXT   NOT NULL REFERENCES loan (id),
    seq        BIGINT NOT NULL,
    -- payment, prolongation
    kind       TEXT   NOT NULL,
    on_date    TEXT   NOT NULL,
    event      TEXT   NOT NULL,
    payment_id TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (loan_id, seq)
);

-- The sandbox gateway's charges of bound cards and hosted-page payments, one per key.
ALTER TABLE sandbox_charge ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX sandbox_charge_by_key ON sandbox_charge (idempotency_key);

-- Reminders and notices sent by the background jobs: one row per (loan, kind, day), so a job
-- run on several instances at once sends each notice once (the insert claims it).
CREATE TABLE notice_sent (
    loan_id    TEXT   NOT NULL REFERENCES loan (id),
    kind       TEXT   NOT NULL,
    on_date    TEXT   NOT NULL,
    channel    TEXT   NOT NULL,
    sent_at    BIGINT NOT NULL,
    PRIMARY KEY (loan_id, kind, on_date, channel)
);

-- A keyed hash of what a one-time code confirms: the 60-second wait is for a resend of the same
-- code (same purpose, same payment), not for a code that confirms another payment.
ALTER TABLE one_time_code ADD COLUMN binding_mac TEXT;
