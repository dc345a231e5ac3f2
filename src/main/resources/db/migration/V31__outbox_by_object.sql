-- The sink drains the outbox object by object (Lead, Contact, CampaignMember, Task, touchpoint): counting and claiming
-- the pending rows of one sObject type reads this index instead of every pending row.
CREATE INDEX outbox_pending_object ON outbox (status, sobject, id);
