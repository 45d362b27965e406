-- Putaway rules: where stock of a SKU or a category should be stored.

CREATE TABLE putaway_rule (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  sku_id       bigint REFERENCES sku (id),
  category     text,
  zone_id      bigint REFERENCES zone (id),
  bin_id       bigint REFERENCES location (id),
  priority     integer NOT NULL DEFAULT 100 CHECK (priority >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((sku_id IS NULL) <> (category IS NULL)),
  CHECK ((zone_id IS NULL) <> (bin_id IS NULL))
);
COMMENT ON TABLE putaway_rule IS
  'Preferred zone or bin for a SKU (wins) or a category; lowest priority first';
CREATE INDEX putaway_rule_wh_idx ON putaway_rule (warehouse_id);
