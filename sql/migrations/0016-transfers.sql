-- Transfers between warehouses: shipped into the destination's in-transit
-- location (counted as its in_transit), received into one of its bins.

CREATE TABLE stock_transfer (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku_id            bigint NOT NULL REFERENCES sku (id),
  lot_id            bigint REFERENCES lot (id),
  qty               bigint NOT NULL CHECK (qty > 0),
  from_warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  to_warehouse_id   bigint NOT NULL REFERENCES warehouse (id),
  state             text NOT NULL DEFAULT 'in_transit'
                    CHECK (state IN ('in_transit', 'received')),
  ship_move_id      bigint REFERENCES stock_move (id),
  receive_move_id   bigint REFERENCES stock_move (id),
  idempotency_key   text UNIQUE,
  created_at        timestamptz NOT NULL DEFAULT now(),
  received_at       timestamptz,
  CHECK (from_warehouse_id <> to_warehouse_id)
);
COMMENT ON TABLE stock_transfer IS
  'Stock sent from one warehouse to another; in transit until received';
