-- Staff performance, the rest of issue 21 item 7: besides the ledger work
-- of 0152, per user, warehouse and day the wrong scans (wrong_bin,
-- wrong_item, wrong_lot), short picks, cartons packed, cartons refused on
-- the scale, count lines and the count lines that matched the bin (count
-- accuracy). They go into staff_day as more kinds of work, each added by
-- the transaction that writes its fact: a trigger on pick_task (short),
-- on fulfil_exception (weight mismatch) and on stock_count_line (counts),
-- the carton close (wms_carton_close calls rpt_staff_tally), and for a
-- refused scan, whose own transaction rolls back, a small transaction of
-- its own after the refusal (wms_picklist_scan, as a refused weight's
-- exception is written).

ALTER TABLE staff_day DROP CONSTRAINT staff_day_kind_check;
ALTER TABLE staff_day ADD CONSTRAINT staff_day_kind_check CHECK (kind IN (
  'pick', 'putaway', 'receipt', 'replenish', 'move', 'wrong_bin',
  'wrong_item', 'wrong_lot', 'short_pick', 'carton', 'weight_mismatch',
  'count', 'count_exact'));
COMMENT ON COLUMN staff_day.kind IS
  'Ledger work (pick, putaway, receipt, replenish, move: lines and units '
  'moved); wrong_bin, wrong_item, wrong_lot: refused pick scans; short_pick: '
  'tasks reported short (units missing); carton: cartons closed (units in '
  'them); weight_mismatch: cartons refused on the scale; count: count lines '
  'entered (units counted); count_exact: of those, lines that matched the '
  'bin''s stock';

-- Adds in_lines and in_units of kind in_kind to in_user's day in_day at
-- warehouse in_wh; nothing for no user (the system, a key).
CREATE FUNCTION rpt_staff_tally(in_user bigint, in_wh bigint, in_day date,
  in_kind text, in_lines bigint, in_units bigint) RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO staff_day AS d (user_id, warehouse_id, day, kind, slot, lines,
    units)
  SELECT in_user, in_wh, in_day, in_kind, dash_slot(), in_lines, in_units
   WHERE in_user IS NOT NULL AND in_wh IS NOT NULL
  ON CONFLICT (user_id, warehouse_id, day, kind, slot) DO UPDATE
    SET lines = d.lines + excluded.lines, units = d.units + excluded.units
$f$;

-- A refused pick scan (in_kind wrong_bin, wrong_item or wrong_lot) on
-- list in_list by in_user, today.
CREATE FUNCTION rpt_staff_refused(in_list bigint, in_user bigint,
  in_kind text) RETURNS void
LANGUAGE sql AS $f$
  SELECT rpt_staff_tally(in_user, pl.warehouse_id, current_date, in_kind, 1, 0)
    FROM picklist pl
   WHERE pl.id = in_list AND in_kind IN ('wrong_bin', 'wrong_item',
                                         'wrong_lot')
$f$;

-- Tasks that turned short: the list's picker reported them.
CREATE FUNCTION rpt_staff_short() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO staff_day AS d (user_id, warehouse_id, day, kind, slot, lines,
    units)
  SELECT pl.picker_id, pl.warehouse_id, current_date, 'short_pick',
         dash_slot(), count(*), sum(n.qty - n.picked_qty)
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN picklist pl ON pl.id = n.picklist_id
   WHERE n.state = 'short' AND o.state <> 'short'
     AND pl.picker_id IS NOT NULL
   GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (user_id, warehouse_id, day, kind, slot) DO UPDATE
    SET lines = d.lines + excluded.lines, units = d.units + excluded.units;
  RETURN NULL;
END $$;
CREATE TRIGGER pick_task_staff_short AFTER UPDATE ON pick_task
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rpt_staff_short();

-- A carton refused on the scale: counted once per carton while its
-- exception is open (a retry updates the exception, not inserts one).
CREATE FUNCTION rpt_staff_weight() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO staff_day AS d (user_id, warehouse_id, day, kind, slot, lines,
    units)
  SELECT n.created_by, n.warehouse_id, n.created_at::date, 'weight_mismatch',
         dash_slot(), count(*), 0
    FROM new_rows n
   WHERE n.kind = 'weight_mismatch' AND n.created_by IS NOT NULL
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, warehouse_id, day, kind, slot) DO UPDATE
    SET lines = d.lines + excluded.lines;
  RETURN NULL;
END $$;
CREATE TRIGGER fulfil_exception_staff AFTER INSERT ON fulfil_exception
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rpt_staff_weight();

-- A count line entered (or entered again on a recount): one line counted,
-- and one exact when it matched the bin. An approval changes neither.
CREATE FUNCTION rpt_staff_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
BEGIN
  SELECT warehouse_id INTO wh FROM stock_count WHERE id = NEW.count_id;
  PERFORM rpt_staff_tally(NEW.user_id, wh, NEW.counted_at::date, 'count', 1,
                          NEW.counted);
  IF NEW.counted = NEW.expected THEN
    PERFORM rpt_staff_tally(NEW.user_id, wh, NEW.counted_at::date,
                            'count_exact', 1, 0);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stock_count_line_staff
  AFTER INSERT OR UPDATE OF counted, expected ON stock_count_line
  FOR EACH ROW WHEN (NEW.user_id IS NOT NULL)
  EXECUTE FUNCTION rpt_staff_counted();
