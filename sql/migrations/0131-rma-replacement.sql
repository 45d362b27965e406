-- After-sales exchanges and reships (issue 19, item 5): a return may get
-- one replacement order at no charge, for the same customer, address and
-- store, that is allocated, picked, packed and shipped like any other.
-- The RMA names it (rma.exchange_order_id, migration 0130) and the order
-- names its RMA, so each links to the other.
ALTER TABLE sales_order ADD COLUMN rma_id bigint REFERENCES rma (id);
COMMENT ON COLUMN sales_order.rma_id IS
  'The return this order replaces goods for (an exchange or a reship at no '
  'charge); NULL for a sale';
CREATE UNIQUE INDEX sales_order_rma_idx ON sales_order (rma_id)
  WHERE rma_id IS NOT NULL;

ALTER TABLE rma ADD COLUMN exchange_kind text
  CHECK (exchange_kind IN ('exchange', 'reship'));
COMMENT ON COLUMN rma.exchange_kind IS
  'What the replacement order (exchange_order_id) is: other goods '
  '(exchange) or the same lines again (reship: a parcel lost or damaged)';
