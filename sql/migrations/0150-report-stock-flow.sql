-- Reports (issue 21): stock movement (进销存) and valuation at a date read
-- per-day rollups kept by the transaction that writes each ledger move, as
-- the dashboard's tallies are, never a scan of stock_move.
--
-- A move changes a warehouse's stock (its bins and totes, what
-- GET /api/v1/stock counts as on hand) only when it crosses that boundary:
-- from a virtual location (@SUPPLIER, @CUSTOMER, @ADJUST, @SCRAP, @TRANSIT)
-- into a bin, or out of one. Moves inside a warehouse change nothing here.

ALTER TABLE stock_move ADD COLUMN unit_cost numeric(14, 4);
COMMENT ON COLUMN stock_move.unit_cost IS
  'Cost of one unit when the move crossed a warehouse''s stock boundary: the '
  'receipt''s landed cost for receipts, the shipping warehouse''s cost for '
  'transfers arriving, else the moving average (sku_cost) of the warehouse '
  'whose stock changed at that moment (the catalog cost before it has one); NULL for moves inside a warehouse and '
  'for moves written before migration 0150';

CREATE TABLE stock_flow_day (
  warehouse_id bigint NOT NULL,
  sku_id       bigint NOT NULL,
  day          date NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('received', 'returned', 'shipped',
                 'adjusted', 'transfer_in', 'transfer_out', 'scrapped',
                 'supplier_returned')),
  slot         smallint NOT NULL,
  qty          bigint NOT NULL,
  value        numeric(18, 4) NOT NULL,
  PRIMARY KEY (warehouse_id, sku_id, day, kind, slot)
);
COMMENT ON TABLE stock_flow_day IS
  'Units and value entering (+) or leaving (-) a warehouse''s stock per SKU, '
  'day (the database''s TimeZone) and kind of flow; a read sums the slots. '
  'Stock at the end of a day is the sum of every row up to it';
COMMENT ON COLUMN stock_flow_day.kind IS
  'received (from @SUPPLIER), returned (from @CUSTOMER), shipped (to '
  '@CUSTOMER), adjusted (@ADJUST either way, counts included), transfer_in / '
  'transfer_out (@TRANSIT or another warehouse), scrapped (to @SCRAP), '
  'supplier_returned (to @SUPPLIER)';
COMMENT ON COLUMN stock_flow_day.slot IS
  'The writing backend''s slot (dash_slot): concurrent shipments of one SKU '
  'rarely wait on one row';
COMMENT ON COLUMN stock_flow_day.value IS
  'Signed units times each move''s unit_cost (moves without one: 0)';
CREATE INDEX stock_flow_day_day_idx ON stock_flow_day (day);

-- The unit cost a move crossing the stock boundary carries, set before the
-- row is written (stock_move is append-only). A receipt's cost comes from
-- pur_receive_line through the transaction-local setting
-- depot.receipt_cost, since the moving average is updated after its move.
CREATE FUNCTION rpt_move_cost() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ak text; aw bigint; bk text; bw bigint;
BEGIN
  -- Moves the floor makes inside a warehouse never cross the boundary.
  IF NEW.unit_cost IS NOT NULL
     OR NEW.reason IN ('pick', 'putaway', 'move', 'replenish') THEN
    RETURN NEW;
  END IF;
  SELECT kind, warehouse_id INTO ak, aw FROM location
   WHERE id = NEW.from_location_id;
  SELECT kind, warehouse_id INTO bk, bw FROM location
   WHERE id = NEW.to_location_id;
  IF (ak IN ('bin', 'tote')) = (bk IN ('bin', 'tote')) AND aw = bw THEN
    RETURN NEW;
  END IF;
  IF ak = 'supplier' THEN
    NEW.unit_cost :=
      nullif(current_setting('depot.receipt_cost', true), '')::numeric;
  ELSIF ak = 'in_transit' AND NEW.document ~ '^transfer [0-9]{1,18}$' THEN
    SELECT m.unit_cost INTO NEW.unit_cost
      FROM stock_transfer t JOIN stock_move m ON m.id = t.ship_move_id
     WHERE t.id = substr(NEW.document, 10)::bigint;
  END IF;
  IF NEW.unit_cost IS NULL THEN
    SELECT avg_cost INTO NEW.unit_cost FROM sku_cost
     WHERE sku_id = NEW.sku_id
       AND warehouse_id = CASE WHEN ak IN ('bin', 'tote') THEN aw ELSE bw END;
  END IF;
  -- A warehouse that never received the SKU from a supplier has no moving
  -- average yet: the catalog's cost values its first units.
  IF NEW.unit_cost IS NULL THEN
    SELECT cost INTO NEW.unit_cost FROM sku WHERE id = NEW.sku_id;
  END IF;
  NEW.unit_cost := coalesce(NEW.unit_cost, 0);
  RETURN NEW;
END $$;
CREATE TRIGGER stock_move_unit_cost BEFORE INSERT ON stock_move
  FOR EACH ROW EXECUTE FUNCTION rpt_move_cost();

-- The flows of a set of moves (the statement's new rows, or the history):
-- a move leaving stock counts for the warehouse of its source, one
-- arriving for the warehouse of its destination, a move between two
-- warehouses' bins for both.
CREATE FUNCTION rpt_flows(in_moves stock_move[])
RETURNS TABLE (warehouse_id bigint, sku_id bigint, day date, kind text,
               qty bigint, value numeric)
LANGUAGE sql STABLE AS $f$
  SELECT f.wh, m.sku_id, m.created_at::date, f.kind, sum(f.sign * m.qty),
         sum(f.sign * m.qty * coalesce(m.unit_cost, c.avg_cost, 0))
    FROM unnest(in_moves) m
    JOIN location a ON a.id = m.from_location_id
    JOIN location b ON b.id = m.to_location_id
    CROSS JOIN LATERAL (VALUES
      (a.warehouse_id, -1, a.kind IN ('bin', 'tote'),
       CASE b.kind WHEN 'customer' THEN 'shipped'
                   WHEN 'supplier' THEN 'supplier_returned'
                   WHEN 'adjustment' THEN 'adjusted'
                   WHEN 'scrap' THEN 'scrapped' ELSE 'transfer_out' END),
      (b.warehouse_id, 1, b.kind IN ('bin', 'tote'),
       CASE a.kind WHEN 'supplier' THEN 'received'
                   WHEN 'customer' THEN 'returned'
                   WHEN 'adjustment' THEN 'adjusted'
                   WHEN 'scrap' THEN 'adjusted' ELSE 'transfer_in' END))
      AS f (wh, sign, stocked, kind)
    LEFT JOIN sku_cost c ON c.warehouse_id = f.wh AND c.sku_id = m.sku_id
   WHERE f.stocked
     AND NOT (a.kind IN ('bin', 'tote') AND b.kind IN ('bin', 'tote')
              AND a.warehouse_id = b.warehouse_id)
   GROUP BY 1, 2, 3, 4
$f$;

-- Only moves across a stock boundary carry a unit cost (rpt_move_cost), so
-- a statement of moves inside a warehouse (picks, putaway, replenishment:
-- the floor's hot path) stops at one look at its rows.
CREATE FUNCTION rpt_flow_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows WHERE unit_cost IS NOT NULL) THEN
    RETURN NULL;
  END IF;
  INSERT INTO stock_flow_day AS t (warehouse_id, sku_id, day, kind, slot,
    qty, value)
  SELECT f.warehouse_id, f.sku_id, f.day, f.kind, dash_slot(), f.qty, f.value
    FROM rpt_flows((SELECT array_agg(ROW(n.*)::stock_move)
                      FROM new_rows n)) f
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (warehouse_id, sku_id, day, kind, slot) DO UPDATE
    SET qty = t.qty + excluded.qty, value = t.value + excluded.value;
  RETURN NULL;
END $$;
CREATE TRIGGER stock_move_flow AFTER INSERT ON stock_move
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rpt_flow_moved();

-- The history so far, valued at today's moving average (the cost that
-- applied then was not recorded before this migration), in batches of
-- 50,000 moves so no array grows with the ledger.
CREATE TEMPORARY TABLE flow_backfill (LIKE stock_flow_day);
DO $$
DECLARE
  lo bigint := 0;
  top bigint := (SELECT coalesce(max(id), 0) FROM stock_move);
BEGIN
  WHILE lo < top LOOP
    INSERT INTO flow_backfill (warehouse_id, sku_id, day, kind, slot, qty,
      value)
    SELECT f.warehouse_id, f.sku_id, f.day, f.kind, 0, f.qty, f.value
      FROM rpt_flows((SELECT coalesce(array_agg(m), '{}') FROM stock_move m
                       WHERE m.id > lo AND m.id <= lo + 50000)) f;
    lo := lo + 50000;
  END LOOP;
END $$;
INSERT INTO stock_flow_day (warehouse_id, sku_id, day, kind, slot, qty, value)
SELECT warehouse_id, sku_id, day, kind, 0, sum(qty), sum(value)
  FROM flow_backfill GROUP BY 1, 2, 3, 4;
DROP TABLE flow_backfill;
