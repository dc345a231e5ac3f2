-- H2 only (db/h2 is not a PostgreSQL location). An identity column draws its values from a sequence that reserves
-- CACHE values at a time; each reservation is written by H2's system session and committed on its own, and with
-- WRITE_DELAY=0 every such commit writes the whole store's changed pages to the file. With the default of 32 a page
-- of 200 contacts (about 800 audit, score, stage, outbox and review rows) wrote some 25 extra chunks besides its own
-- commit: a quarter of the poll thread's time. 1000 makes it one reservation per sequence every few pages. The
-- sequence is database-wide in H2, so ids stay in insert order; a killed process leaves a gap, never a repeat.
-- (PostgreSQL caches per session, which would interleave two sessions' ids, and has no such cost: left as it is.)
ALTER TABLE outbox ALTER COLUMN id SET CACHE 1000;
ALTER TABLE dead_letter ALTER COLUMN id SET CACHE 1000;
ALTER TABLE buyer_audit ALTER COLUMN id SET CACHE 1000;
ALTER TABLE score_change ALTER COLUMN id SET CACHE 1000;
ALTER TABLE stage_transition ALTER COLUMN id SET CACHE 1000;
ALTER TABLE match_review ALTER COLUMN id SET CACHE 1000;
ALTER TABLE merge_event ALTER COLUMN id SET CACHE 1000;
