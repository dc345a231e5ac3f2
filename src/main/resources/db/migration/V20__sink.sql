-- Salesforce sink: who closed a dead letter (cli, admin-api) so every retry and discard is accounted for.
ALTER TABLE dead_letter ADD COLUMN resolved_by VARCHAR(128);
