-- Replenishment: pick bins kept between a min and a max from reserve.

CREATE TABLE replenish_rule (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  bin_id       bigint NOT NULL REFERENCES location (id),
  min_qty      bigint NOT NULL CHECK (min_qty >= 0),
  max_qty      bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sku_id, bin_id),
  CHECK (max_qty > min_qty)
);
COMMENT ON TABLE replenish_rule IS
  'When the bin holds fewer than min_qty of the SKU, refill it up to max_qty';

CREATE TABLE replenish_task (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id      bigint NOT NULL REFERENCES replenish_rule (id),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  lot_id       bigint REFERENCES lot (id),
  from_bin_id  bigint NOT NULL REFERENCES location (id),
  to_bin_id    bigint NOT NULL REFERENCES location (id),
  qty          bigint NOT NULL CHECK (qty > 0),
  state        text NOT NULL DEFAULT 'open'
               CHECK (state IN ('open', 'done', 'cancelled')),
  move_id      bigint REFERENCES stock_move (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  done_at      timestamptz
);
COMMENT ON TABLE replenish_task IS
  'Floor work: move qty of a SKU (and lot) from a reserve bin to a pick bin';
CREATE INDEX replenish_task_open_idx ON replenish_task (warehouse_id)
  WHERE state = 'open';
CREATE INDEX replenish_task_rule_idx ON replenish_task (rule_id)
  WHERE state = 'open';
