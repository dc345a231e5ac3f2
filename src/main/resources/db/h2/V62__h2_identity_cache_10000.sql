-- (Version 61 is the buyer change sequence of the identity index snapshot, db/h2 and db/postgresql.)
-- H2 only. V60's 1,000 values per reservation still left one reservation per sequence every few pages, and each is a
-- commit of H2's system session that writes every changed page of the store, the running page's included: 3 % of the
-- poll thread's time at 10,000 contacts (JFR, 23 November 2026). 10,000 makes that a handful per 10,000 contacts. A
-- killed process leaves a gap of at most 10,000 ids per table, never a repeat (BIGINT: no shortage).
ALTER TABLE outbox ALTER COLUMN id SET CACHE 10000;
ALTER TABLE dead_letter ALTER COLUMN id SET CACHE 10000;
ALTER TABLE buyer_audit ALTER COLUMN id SET CACHE 10000;
ALTER TABLE score_change ALTER COLUMN id SET CACHE 10000;
ALTER TABLE stage_transition ALTER COLUMN id SET CACHE 10000;
ALTER TABLE match_review ALTER COLUMN id SET CACHE 10000;
ALTER TABLE merge_event ALTER COLUMN id SET CACHE 10000;
