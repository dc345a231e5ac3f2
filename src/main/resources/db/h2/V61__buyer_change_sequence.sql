-- Where the identity index snapshot (identity-index.snap) starts from: every buyer insert and update draws a
-- change_seq from one sequence (BuyerRepository sets it to DEFAULT), every buyer deleted by a merge leaves a
-- tombstone with the next value, so "what changed since N" is two range reads on an index. Rows older than this
-- migration keep NULL: every snapshot is written after it, from a load that read them. The store_identity row keeps a
-- snapshot from being applied to another store. PostgreSQL has its own copy of this script (db/postgresql).
-- CACHE 10000 as the identity columns since V62: each reservation is a commit of its own, written at once with
-- WRITE_DELAY=0, and every buyer insert or update draws a number.
CREATE SEQUENCE buyer_change_seq START WITH 1 CACHE 10000;
ALTER TABLE buyer ADD COLUMN change_seq BIGINT;
ALTER TABLE buyer ALTER COLUMN change_seq SET DEFAULT NEXT VALUE FOR buyer_change_seq;
CREATE INDEX buyer_change_seq_idx ON buyer (change_seq);
CREATE TABLE buyer_removed (
    seq      BIGINT DEFAULT NEXT VALUE FOR buyer_change_seq PRIMARY KEY,
    buyer_id VARCHAR(40) NOT NULL
);
CREATE TABLE store_identity (
    id VARCHAR(36) PRIMARY KEY
);
INSERT INTO store_identity (id) VALUES (CAST(RANDOM_UUID() AS VARCHAR(36)));
