-- The stock ledger: append-only moves, and quants kept in step with them
-- in the same transaction. The constraints hold even if C has a bug.

CREATE TABLE lot (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku_id      bigint NOT NULL REFERENCES sku (id),
  code        text NOT NULL CHECK (code ~ '^[!-~]{1,20}$'),
  expiry      date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sku_id, code)
);
COMMENT ON TABLE lot IS 'A batch of one SKU (GS1 AI 10), with its expiry (AI 17) if tracked';
COMMENT ON COLUMN lot.code IS 'GS1 CSET 82 subset without spaces, at most 20 characters as AI 10';

CREATE TABLE stock_quant (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku_id      bigint NOT NULL REFERENCES sku (id),
  location_id bigint NOT NULL REFERENCES location (id),
  lot_id      bigint REFERENCES lot (id),
  on_hand     bigint NOT NULL DEFAULT 0,
  reserved    bigint NOT NULL DEFAULT 0,
  in_date     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_quant_key UNIQUE NULLS NOT DISTINCT (sku_id, location_id, lot_id),
  CONSTRAINT stock_quant_sane CHECK (on_hand >= 0 AND reserved >= 0
                                     AND reserved <= on_hand)
);
COMMENT ON TABLE stock_quant IS
  'Units of one SKU (and lot) in one real location: bins and in-transit only; '
  'virtual sources and sinks (supplier, customer, adjustment, scrap) have none';
COMMENT ON COLUMN stock_quant.reserved IS 'Units promised to reservations, still in the bin';
COMMENT ON COLUMN stock_quant.in_date IS
  'When this quant last went from empty to stocked: FIFO order for untracked SKUs';
CREATE INDEX stock_quant_location_idx ON stock_quant (location_id);

CREATE TABLE stock_move (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku_id           bigint NOT NULL REFERENCES sku (id),
  lot_id           bigint REFERENCES lot (id),
  qty              bigint NOT NULL CHECK (qty > 0),
  from_location_id bigint NOT NULL REFERENCES location (id),
  to_location_id   bigint NOT NULL REFERENCES location (id),
  reason           text NOT NULL CHECK (reason IN ('receipt', 'putaway', 'move',
                     'pick', 'ship', 'adjustment', 'count', 'transfer',
                     'return', 'scrap', 'replenish', 'consume')),
  note             text NOT NULL DEFAULT '',
  document         text NOT NULL DEFAULT '',
  user_id          bigint,
  request_id       text NOT NULL DEFAULT '',
  idempotency_key  text UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 128),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (from_location_id <> to_location_id)
);
COMMENT ON TABLE stock_move IS
  'Append-only ledger: every change of stock is one row; quants follow it';
COMMENT ON COLUMN stock_move.idempotency_key IS
  'Chosen by the terminal per confirmed scan: a replay finds this row and moves nothing';
COMMENT ON COLUMN stock_move.user_id IS 'Who did it (accounts); NULL for the system';
COMMENT ON COLUMN stock_move.request_id IS 'X-Request-Id of the HTTP request that made it';
CREATE INDEX stock_move_sku_idx ON stock_move (sku_id, created_at);

CREATE FUNCTION stock_move_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_move is append-only' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER stock_move_append_only BEFORE UPDATE OR DELETE ON stock_move
  FOR EACH ROW EXECUTE FUNCTION stock_move_append_only();

CREATE TABLE reservation (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  qty          bigint NOT NULL CHECK (qty > 0),
  reference    text NOT NULL CHECK (length(reference) BETWEEN 1 AND 128),
  state        text NOT NULL DEFAULT 'active'
               CHECK (state IN ('active', 'released', 'consumed')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  closed_at    timestamptz,
  UNIQUE (warehouse_id, sku_id, reference)
);
COMMENT ON TABLE reservation IS
  'Units of a SKU promised to a reference (an order line) in one warehouse';
COMMENT ON COLUMN reservation.reference IS
  'The caller''s key, e.g. an order line: reserving it again returns the same reservation';

CREATE TABLE reservation_line (
  reservation_id bigint NOT NULL REFERENCES reservation (id),
  quant_id       bigint NOT NULL REFERENCES stock_quant (id),
  qty            bigint NOT NULL CHECK (qty > 0),
  PRIMARY KEY (reservation_id, quant_id)
);
COMMENT ON TABLE reservation_line IS
  'Which quants (bin, lot) hold a reservation''s units, chosen by removal strategy';
CREATE INDEX reservation_line_quant_idx ON reservation_line (quant_id);
