-- The Lead's mapped field values as last read back, for precedence rules (crm-wins) and inbound fields.
ALTER TABLE buyer_crm ADD COLUMN lead_values TEXT;
