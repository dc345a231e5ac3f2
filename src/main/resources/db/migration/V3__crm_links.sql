-- What the CRM says about each buyer: its Lead, and after conversion its Contact, Account and Opportunity.
CREATE TABLE buyer_crm (
    buyer_id       VARCHAR(40) PRIMARY KEY,
    lead_id        VARCHAR(18),
    lead_status    VARCHAR(255),
    contact_id     VARCHAR(18),
    account_id     VARCHAR(18),
    opportunity_id VARCHAR(18),
    converted      BOOLEAN NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX buyer_crm_opportunity ON buyer_crm (opportunity_id);

-- Opportunities read back from the CRM, for the lifecycle and for attribution.
CREATE TABLE crm_opportunity (
    id          VARCHAR(18) PRIMARY KEY,
    buyer_id    VARCHAR(40) NOT NULL,
    stage_name  VARCHAR(255),
    is_closed   BOOLEAN NOT NULL,
    is_won      BOOLEAN NOT NULL,
    amount      DECIMAL(18, 2),
    close_date  DATE,
    created_at  TIMESTAMP WITH TIME ZONE,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX crm_opportunity_buyer ON crm_opportunity (buyer_id);
