-- The lender's rulebook: dated legal parameters (PRODUCT.md §4.1) and loan products (§4.2).
-- Portable SQL: the same file migrates SQLite and PostgreSQL. Money is integer kopecks,
-- rates and other exact decimals are text, calendar dates are 'YYYY-MM-DD' text,
-- instants are unix seconds.

CREATE TABLE legal_parameter (
    code           TEXT   NOT NULL,
    effective_from TEXT   NOT NULL,
    value          TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (code, effective_from)
);

CREATE TABLE product (
    code               TEXT   NOT NULL PRIMARY KEY,
    amount_min_kop     BIGINT NOT NULL,
    amount_max_kop     BIGINT NOT NULL,
    amount_step_kop    BIGINT NOT NULL,
    term_min_days      BIGINT NOT NULL,
    term_max_days      BIGINT NOT NULL,
    daily_rate         TEXT   NOT NULL,
    promo_daily_rate   TEXT,
    default_amount_kop BIGINT NOT NULL,
    default_term_days  BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    CHECK (amount_min_kop > 0 AND amount_min_kop <= amount_max_kop AND amount_step_kop >= 0),
    CHECK (term_min_days > 0 AND term_min_days <= term_max_days)
);
