-- The lender's published documents (the «Документы» page): rules, general terms, registry
-- entry, SRO membership, complaint procedure, and the text of each consent. A change is a new
-- version, in force from its date; the versions before it stay, as consents given name them.
CREATE TABLE disclosure (
    code TEXT NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    -- 1 for the model text kabinet ships, which the lender replaces with its own.
    model BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (code, version)
);
