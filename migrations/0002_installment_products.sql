-- Installment products (PRODUCT.md §4.2): terms in whole payment periods, payments every N days.
-- Existing single-payment products keep a 1-day term step and no payment period.

ALTER TABLE product ADD COLUMN term_step_days BIGINT NOT NULL DEFAULT 1;
ALTER TABLE product ADD COLUMN payment_every_days BIGINT;
