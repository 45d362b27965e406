-- The location tree below warehouses: zones, bins and virtual locations.

CREATE TABLE zone (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  code         text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  name         text NOT NULL DEFAULT '',
  type         text NOT NULL CHECK (type IN ('receiving', 'reserve', 'pick',
                 'packing', 'shipping', 'returns', 'quarantine')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (warehouse_id, code)
);
COMMENT ON TABLE zone IS 'An area of a warehouse with one purpose; bins belong to one';
COMMENT ON COLUMN zone.type IS
  'quarantine stock is never reserved; pick zones feed picking; reserve feeds replenishment';

CREATE TABLE location (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id   bigint NOT NULL REFERENCES warehouse (id),
  zone_id        bigint REFERENCES zone (id),
  kind           text NOT NULL CHECK (kind IN ('bin', 'supplier', 'customer',
                   'adjustment', 'in_transit', 'scrap')),
  code           text NOT NULL,
  pick_sequence  integer NOT NULL DEFAULT 0 CHECK (pick_sequence >= 0),
  capacity_units bigint CHECK (capacity_units > 0),
  mixed_skus     boolean NOT NULL DEFAULT true,
  blocked        boolean NOT NULL DEFAULT false,
  implicit       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (warehouse_id, code),
  CHECK (kind = 'bin' OR code LIKE '@%'),
  CHECK (implicit OR kind <> 'bin' OR code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$')
);
COMMENT ON TABLE location IS
  'Where stock is or comes from: bins (real) and per-warehouse virtual locations';
COMMENT ON COLUMN location.code IS
  'Bins: the code printed as their barcode (A-03-02-1). Virtual: @SUPPLIER, @CUSTOMER, '
  '@ADJUST, @TRANSIT, @SCRAP; the lite edition''s one implicit bin is @STOCK';
COMMENT ON COLUMN location.pick_sequence IS 'Walking order: pick lists visit bins by it';
COMMENT ON COLUMN location.capacity_units IS 'Most units the bin holds; NULL: no limit';
COMMENT ON COLUMN location.mixed_skus IS 'false: the bin holds one SKU at a time';
COMMENT ON COLUMN location.implicit IS
  'The one bin of a warehouse that is not bin-managed (lite edition)';
CREATE INDEX location_zone_seq_idx ON location (zone_id, pick_sequence);
CREATE INDEX location_wh_seq_idx ON location (warehouse_id, pick_sequence)
  WHERE kind = 'bin';

-- Every warehouse has its virtual locations, and the lite ones their bin.
CREATE FUNCTION warehouse_add_locations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO location (warehouse_id, kind, code)
  VALUES (NEW.id, 'supplier', '@SUPPLIER'), (NEW.id, 'customer', '@CUSTOMER'),
         (NEW.id, 'adjustment', '@ADJUST'), (NEW.id, 'in_transit', '@TRANSIT'),
         (NEW.id, 'scrap', '@SCRAP');
  IF NOT NEW.bin_managed THEN
    INSERT INTO location (warehouse_id, kind, code, implicit)
    VALUES (NEW.id, 'bin', '@STOCK', true);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER warehouse_add_locations AFTER INSERT ON warehouse
  FOR EACH ROW EXECUTE FUNCTION warehouse_add_locations();

INSERT INTO location (warehouse_id, kind, code)
SELECT w.id, v.kind, v.code FROM warehouse w,
  (VALUES ('supplier', '@SUPPLIER'), ('customer', '@CUSTOMER'),
          ('adjustment', '@ADJUST'), ('in_transit', '@TRANSIT'),
          ('scrap', '@SCRAP')) AS v (kind, code);
INSERT INTO location (warehouse_id, kind, code, implicit)
SELECT id, 'bin', '@STOCK', true FROM warehouse WHERE NOT bin_managed;
