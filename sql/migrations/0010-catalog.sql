-- Catalog: SKUs and their barcodes, per-warehouse planning figures.

CREATE TABLE sku (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           text NOT NULL UNIQUE
                 CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  category       text NOT NULL DEFAULT '',
  unit           text NOT NULL DEFAULT 'pcs' CHECK (length(unit) BETWEEN 1 AND 16),
  weight_kg      numeric(10, 3) CHECK (weight_kg >= 0),
  length_cm      numeric(8, 1) CHECK (length_cm >= 0),
  width_cm       numeric(8, 1) CHECK (width_cm >= 0),
  height_cm      numeric(8, 1) CHECK (height_cm >= 0),
  cost           numeric(14, 4) CHECK (cost >= 0),
  list_price     numeric(14, 2) CHECK (list_price >= 0),
  active         boolean NOT NULL DEFAULT true,
  lot_tracked    boolean NOT NULL DEFAULT false,
  expiry_tracked boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (lot_tracked OR NOT expiry_tracked)
);
COMMENT ON TABLE sku IS 'A stock-keeping unit: the thing counted in the ledger';
COMMENT ON COLUMN sku.code IS 'The seller''s SKU code, unique, used in URLs';
COMMENT ON COLUMN sku.expiry_tracked IS
  'Stock carries an expiry date per lot; removal is FEFO. Implies lot_tracked';
COMMENT ON COLUMN sku.cost IS 'Standard cost per unit; moving average arrives with receiving';

CREATE INDEX sku_name_idx ON sku (lower(name));
CREATE INDEX sku_category_idx ON sku (category);

CREATE TABLE barcode (
  code     text PRIMARY KEY CHECK (code ~ '^[ -~]{1,64}$'),
  sku_id   bigint NOT NULL REFERENCES sku (id),
  kind     text NOT NULL CHECK (kind IN ('gtin', 'internal')),
  gtin14   text CHECK (gtin14 ~ '^[0-9]{14}$'),
  pack_qty integer NOT NULL DEFAULT 1 CHECK (pack_qty BETWEEN 1 AND 100000),
  CHECK ((kind = 'gtin') = (gtin14 IS NOT NULL))
);
COMMENT ON TABLE barcode IS 'Codes that identify a SKU when scanned; many per SKU';
COMMENT ON COLUMN barcode.gtin14 IS
  'GTIN-8/12/13/14 zero-padded to 14 digits, so a GS1 scan (AI 01) finds it';
COMMENT ON COLUMN barcode.pack_qty IS 'Units one scan of this code means (a carton of 12: 12)';
CREATE INDEX barcode_sku_idx ON barcode (sku_id);
CREATE UNIQUE INDEX barcode_gtin14_idx ON barcode (gtin14);

CREATE TABLE sku_warehouse (
  sku_id        bigint NOT NULL REFERENCES sku (id),
  warehouse_id  bigint NOT NULL REFERENCES warehouse (id),
  reorder_point bigint CHECK (reorder_point >= 0),
  safety_stock  bigint NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  PRIMARY KEY (sku_id, warehouse_id)
);
COMMENT ON TABLE sku_warehouse IS 'Planning figures of one SKU in one warehouse';
COMMENT ON COLUMN sku_warehouse.reorder_point IS
  'Fixed reorder point; NULL: derived from sales velocity by purchasing';
