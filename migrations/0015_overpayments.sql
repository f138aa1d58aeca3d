-- Paying more than the debt (issue 16, item 6). A bound card's repayment is reserved against the
-- debt under the loan's lock before it is charged (`reserved_at`): two tabs, or the cabinet and
-- quick payment, cannot both charge the whole debt. What still comes in above the debt (a
-- hosted page paid late, a transfer) is refunded through the gateway once per payment: a
-- refund row is written in the credit's own transaction, and sent by the payment's flow or,
-- after a crash, by the reconciler; `done` writes its loan event and ledger lines.
ALTER TABLE payment ADD COLUMN reserved_at BIGINT;

CREATE TABLE refund (
    payment_id     TEXT   NOT NULL PRIMARY KEY REFERENCES payment (id),
    loan_id        TEXT   NOT NULL REFERENCES loan (id),
    amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
    -- The gateway's reference of the charge the money goes back to.
    charge_ref     TEXT   NOT NULL,
    -- pending (to send), done (the gateway returned it), failed (refused: for the staff)
    status         TEXT   NOT NULL,
    gateway_ref    TEXT,
    failure        TEXT,
    created_at     BIGINT NOT NULL,
    finished_at    BIGINT
);
CREATE INDEX refund_status ON refund (status);
