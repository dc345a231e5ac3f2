-- Keep the payload Salesforce last confirmed (not only its hash), so dry-run can show field-level changes.
ALTER TABLE crm_record ADD COLUMN confirmed_payload TEXT;
