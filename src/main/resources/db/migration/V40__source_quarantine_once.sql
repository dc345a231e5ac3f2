-- A malformed source page is kept once per source, cursor position and body: polling the same page again only
-- counts the attempt and when it was last seen, so an operator sees one row saying how long the source is stuck.
ALTER TABLE dead_letter ADD COLUMN source_cursor VARCHAR(4000);
ALTER TABLE dead_letter ADD COLUMN cursor_hash VARCHAR(64);
ALTER TABLE dead_letter ADD COLUMN payload_hash VARCHAR(64);
ALTER TABLE dead_letter ADD COLUMN attempts INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE dead_letter ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX dead_letter_quarantine ON dead_letter (origin, cursor_hash, payload_hash);
