-- Payments by another card on the gateway's hosted page (PRODUCT.md J5), logged in or quick
-- (without login, from the landing page). Such a payment waits `at_gateway` until the gateway's
-- signed event, or the borrower's return, reports the charge; then it is credited once like any
-- other.

-- The sandbox's hosted page serves charges too: a session for a payment names it, its amount,
-- and whether the borrower asked to save the card (binding_id is empty for such a session).
ALTER TABLE sandbox_pay_session ADD COLUMN payment_id TEXT;
ALTER TABLE sandbox_pay_session ADD COLUMN amount_kopecks BIGINT;
ALTER TABLE sandbox_pay_session ADD COLUMN save_card BIGINT NOT NULL DEFAULT 0;

-- A card saved from a hosted payment's event is stored once, however often the event comes.
CREATE UNIQUE INDEX card_by_token ON card (token);
