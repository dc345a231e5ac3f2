-- Lead-to-account matching (docs/OPERATIONS.md, "Accounts"). Portable SQL: H2 and PostgreSQL alike.
-- An account is a company buyers belong to; origin says what formed it: the corporate email domain or website of
-- the buyer it was created for (email-domain, website-domain), a company name alone (company-name: a free-mail buyer
-- with a company and no account to match), or a CRM Account read back (crm).
CREATE TABLE account (
    id             VARCHAR(40)  PRIMARY KEY,
    name           VARCHAR(255) NOT NULL,
    crm_account_id VARCHAR(18),
    origin         VARCHAR(32)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
-- One isthmus account per CRM Account (several accounts may have none: NULLs are distinct).
CREATE UNIQUE INDEX account_crm_uq ON account (crm_account_id);

-- A registrable domain belongs to one account: two instances sharing the store cannot both create an account for
-- it; the second insert fails on this key and that instance re-reads the first one's account.
CREATE TABLE account_domain (
    domain     VARCHAR(255) PRIMARY KEY,
    account_id VARCHAR(40)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_domain_account ON account_domain (account_id);

-- Each buyer's account and why: rule email-domain | website-domain | company-name, score 1 for a domain, the name
-- similarity for a company name. A buyer merged away keeps no row (the merge deletes it). No foreign keys here or
-- on account_domain: a page writes its new accounts, their domains and its buyers' accounts in batches, sent by
-- statement in the order each was first queued, not row by row (store/Batch.java).
CREATE TABLE buyer_account (
    buyer_id    VARCHAR(40) PRIMARY KEY,
    account_id  VARCHAR(40) NOT NULL,
    rule        VARCHAR(32) NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    assigned_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX buyer_account_account ON buyer_account (account_id);
