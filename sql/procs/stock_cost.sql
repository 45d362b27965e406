-- Cost of units that enter stock (issue 22 item 1). A receipt states its
-- landed cost; an adjustment that brings units in (opening stock, units
-- found) may state a unit cost too, else it takes the warehouse's moving
-- average, or the catalog's cost before the warehouse has one. A stated
-- cost reaches the move through the transaction-local setting
-- depot.receipt_cost (set just before the move, cleared after it) and
-- enters the moving average as a receipt's does.

-- The unit cost a move crossing the stock boundary carries, set before the
-- row is written (stock_move is append-only). Replaces migration 0150's
-- version: a stated cost now also values an adjustment into stock.
CREATE OR REPLACE FUNCTION rpt_move_cost() RETURNS trigger
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
  IF ak = 'supplier'
     OR (ak = 'adjustment' AND bk IN ('bin', 'tote')) THEN
    NEW.unit_cost :=
      nullif(current_setting('depot.receipt_cost', true), '')::numeric;
  ELSIF ak = 'in_transit' AND NEW.document ~ '^transfer [0-9]{1,18}$' THEN
    -- The cost it left with plus its share of the freight (0193).
    SELECT round(m.unit_cost + t.freight / t.qty, 4) INTO NEW.unit_cost
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

-- Before an adjustment of in_qty units into stock at a stated in_cost:
-- the move about to be written takes in_cost (rpt_move_cost).
CREATE OR REPLACE FUNCTION stock_cost_stated(in_cost numeric) RETURNS void
LANGUAGE sql AS $f$
  SELECT set_config('depot.receipt_cost', in_cost::text, true);
$f$;

-- After that move (not a replay): the moving average of (in_wh, in_sku)
-- takes the in_qty units at in_cost, as a receipt's would, and the stated
-- cost is cleared for the rest of the transaction.
CREATE OR REPLACE FUNCTION stock_cost_entered(in_wh bigint, in_sku bigint,
  in_qty bigint, in_cost numeric) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pur_cost_update(in_wh, in_sku, in_qty, in_cost);
  PERFORM set_config('depot.receipt_cost', '', true);
END $$;
