-- Separation of duties on purchase orders: who submitted a PO is kept, so
-- that neither its creator nor its submitter approves it (an admin may).
ALTER TABLE purchase_order ADD COLUMN submitted_by bigint;
COMMENT ON COLUMN purchase_order.submitted_by IS
  'The user who submitted the PO for approval; with created_by, may not approve it';
