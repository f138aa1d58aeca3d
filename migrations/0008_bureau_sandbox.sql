-- What kabinet reported to the credit bureaus' sandbox (PRODUCT.md §6): one row per loan and
-- event, so a retried report is stored once. The borrower is named by an HMAC of the passport
-- number, never the number itself.

CREATE TABLE bureau_sandbox_report (
    loan_id        TEXT   NOT NULL,
    kind           TEXT   NOT NULL,
    subject_hmac   TEXT   NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    psk_percent    TEXT   NOT NULL,
    on_date        TEXT   NOT NULL,
    reported_at    BIGINT NOT NULL,
    PRIMARY KEY (loan_id, kind)
);
