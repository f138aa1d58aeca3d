-- Loan applications (PRODUCT.md J2 steps 1 and 5–10): the application and the step it has
-- reached, and the questionnaire, versioned (J9) and stored only sealed (src/server/vault.rs).

CREATE TABLE application (
    id             TEXT   NOT NULL PRIMARY KEY,
    account_id     TEXT   NOT NULL REFERENCES account (id),
    product        TEXT   NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    term_days      BIGINT NOT NULL,
    -- The first step not yet done: questionnaire, payout, identity, add_ons, terms, decision.
    step           TEXT   NOT NULL,
    -- draft (being filled in), then the decision's outcome.
    status         TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- At most one application being filled in per borrower; a race to start one leaves one.
CREATE UNIQUE INDEX application_one_draft ON application (account_id) WHERE status = 'draft';

CREATE TABLE questionnaire (
    account_id TEXT   NOT NULL REFERENCES account (id),
    version    BIGINT NOT NULL,
    sealed     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, version)
);
