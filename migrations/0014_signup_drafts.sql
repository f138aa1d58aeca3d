-- A sign-up in progress belongs to the browser that started it (issue 16: nobody else's form or
-- code can take it over) and survives a reload, Back or a closed tab (PRODUCT.md J2: each step
-- kept). The browser holds a random nonce in the `__Host-kabinet_signup` cookie; only its hash
-- is stored.

-- The contacts typed so far and the step reached; the password never (it is typed again).
CREATE TABLE signup_draft (
    nonce_hash TEXT   NOT NULL PRIMARY KEY,
    details    TEXT   NOT NULL,
    step       TEXT   NOT NULL,
    phone      TEXT,
    updated_at BIGINT NOT NULL
);

-- The pending account is the one its browser's code confirms.
ALTER TABLE pending_signup ADD COLUMN nonce_hash TEXT NOT NULL DEFAULT '';
