-- Cycle counts: blind counts of bins without freezing the warehouse.

CREATE TABLE stock_count (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  state        text NOT NULL DEFAULT 'open'
               CHECK (state IN ('open', 'closed')),
  threshold    bigint NOT NULL DEFAULT 0 CHECK (threshold >= 0),
  note         text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  closed_at    timestamptz
);
COMMENT ON TABLE stock_count IS 'A cycle count over some bins of one warehouse';
COMMENT ON COLUMN stock_count.threshold IS
  'Largest variance (units, either way) posted without the lead''s approval';

CREATE TABLE stock_count_bin (
  count_id   bigint NOT NULL REFERENCES stock_count (id),
  bin_id     bigint NOT NULL REFERENCES location (id),
  state      text NOT NULL DEFAULT 'pending'
             CHECK (state IN ('pending', 'counted')),
  counted_at timestamptz,
  PRIMARY KEY (count_id, bin_id)
);
COMMENT ON TABLE stock_count_bin IS 'A bin to count; counted once its counter says done';

CREATE TABLE stock_count_line (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  count_id        bigint NOT NULL REFERENCES stock_count (id),
  bin_id          bigint NOT NULL REFERENCES location (id),
  sku_id          bigint NOT NULL REFERENCES sku (id),
  lot_id          bigint REFERENCES lot (id),
  counted         bigint NOT NULL CHECK (counted >= 0),
  expected        bigint NOT NULL CHECK (expected >= 0),
  state           text NOT NULL CHECK (state IN ('posted', 'needs_approval',
                    'approved', 'recount')),
  move_id         bigint REFERENCES stock_move (id),
  user_id         bigint,
  idempotency_key text UNIQUE,
  counted_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_count_line_item UNIQUE NULLS NOT DISTINCT
    (count_id, bin_id, sku_id, lot_id)
);
COMMENT ON TABLE stock_count_line IS
  'One SKU/lot counted in one bin; the variance is posted as an adjustment';
COMMENT ON COLUMN stock_count_line.expected IS
  'The bin''s on_hand at the moment of the scan, so picks before or after it '
  'never show up as variance';
COMMENT ON COLUMN stock_count_line.state IS
  'posted: within threshold, adjusted at once; needs_approval: waits for the '
  'lead; approved: posted by the lead; recount: the lead asked to count again';
