-- Transfers carry their cost to the destination (issue 22 item 1): what
-- the freight between the warehouses cost is part of the units' cost
-- there (a landed cost), owed to the carrier (2202) until paid.
ALTER TABLE stock_transfer ADD COLUMN freight numeric(14, 2) NOT NULL
  DEFAULT 0 CHECK (freight >= 0);
COMMENT ON COLUMN stock_transfer.freight IS
  'What moving the units cost (company currency), added to their cost at '
  'the destination when they are received: unit cost + freight / qty';
