-- Distribution keys of the warehouse tables (migration 0450).
--
-- A new quant gets its location's warehouse when its writer did not give
-- it. The scan path gives it (it has read the location or the source
-- quant already), so the lookup here runs only for the writers off that
-- path (demo data, counts' quants of other callers); the foreign key
-- (warehouse_id, location_id) to location refuses a wrong one. A BEFORE
-- INSERT trigger also fires for an INSERT that ON CONFLICT then skips,
-- which is why the scan path does not rely on it.
CREATE OR REPLACE FUNCTION stock_quant_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.warehouse_id IS NULL THEN
    SELECT warehouse_id INTO NEW.warehouse_id FROM location
     WHERE id = NEW.location_id;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION stock_quant_fill() IS
  'Sets stock_quant.warehouse_id from the location when the writer did not';
CREATE OR REPLACE TRIGGER stock_quant_fill BEFORE INSERT ON stock_quant
  FOR EACH ROW EXECUTE FUNCTION stock_quant_fill();
