-- Distribution keys of the warehouse tables (migration 0450).
--
-- A new quant gets its location's warehouse when its writer did not give
-- it. The scan path gives it (it has read the location or the source
-- quant already), so the lookup here runs only for the writers off that
-- path (demo data, counts' quants of other callers); the foreign key
-- (warehouse_id, location_id) to location refuses a wrong one. A BEFORE
-- INSERT trigger also fires for an INSERT that ON CONFLICT then skips,
-- which is why the scan path does not rely on it; the triggers' WHEN
-- clause keeps a writer that gave the key from even entering PL/pgSQL.
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
  FOR EACH ROW WHEN (NEW.warehouse_id IS NULL)
  EXECUTE FUNCTION stock_quant_fill();

-- Distribution keys of the order tables (migration 0455).
--
-- A row of an order's tree (line, event, hold, allocation, shipped line)
-- gets its order's store when its writer did not give it: one probe of
-- sales_order_id_idx per new row, on INSERT only. The allocation's writer
-- (ord_reserve, on the allocation path) gives it from the lines it has
-- read; the others insert one to a few rows per order in transactions
-- that have just read or written the order, so the probe hits a cached
-- page. The composite foreign key (store_id, order_id) refuses a wrong
-- one.
CREATE OR REPLACE FUNCTION order_tree_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.store_id IS NULL THEN
    SELECT store_id INTO NEW.store_id FROM sales_order
     WHERE id = NEW.order_id;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION order_tree_fill() IS
  'Sets store_id of a row of an order''s tree from the order when the writer '
  'did not';
CREATE OR REPLACE TRIGGER order_tree_fill BEFORE INSERT ON order_line
  FOR EACH ROW WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION order_tree_fill();
CREATE OR REPLACE TRIGGER order_tree_fill BEFORE INSERT ON order_event
  FOR EACH ROW WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION order_tree_fill();
CREATE OR REPLACE TRIGGER order_tree_fill BEFORE INSERT ON order_hold
  FOR EACH ROW WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION order_tree_fill();
CREATE OR REPLACE TRIGGER order_tree_fill BEFORE INSERT ON order_allocation
  FOR EACH ROW WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION order_tree_fill();
CREATE OR REPLACE TRIGGER order_tree_fill BEFORE INSERT ON order_ship_line
  FOR EACH ROW WHEN (NEW.store_id IS NULL) EXECUTE FUNCTION order_tree_fill();
