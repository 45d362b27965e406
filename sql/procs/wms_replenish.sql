-- Creates replenishment tasks for (sku, bin) when a rule says the bin is
-- below its minimum and no task is open for it: reserve-zone stock, by
-- removal strategy, up to the maximum. Called by every move that takes
-- stock out of a bin, so tasks appear as soon as a pick face runs low.
CREATE OR REPLACE FUNCTION wms_replenish_check(in_sku_id bigint,
                                               in_bin_id bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r replenish_rule%ROWTYPE;
  have bigint;
  need bigint;
  take bigint;
  fefo boolean;
  q record;
  made integer := 0;
BEGIN
  SELECT * INTO r FROM replenish_rule
   WHERE sku_id = in_sku_id AND bin_id = in_bin_id FOR UPDATE;
  IF NOT FOUND OR EXISTS (SELECT 1 FROM replenish_task
                           WHERE rule_id = r.id AND state = 'open') THEN
    RETURN 0;
  END IF;
  SELECT coalesce(sum(on_hand), 0) INTO have FROM stock_quant
   WHERE sku_id = in_sku_id AND location_id = in_bin_id;
  IF have >= r.min_qty THEN
    RETURN 0;
  END IF;
  need := r.max_qty - have;
  SELECT expiry_tracked INTO fefo FROM sku WHERE id = in_sku_id;
  FOR q IN
    SELECT sq.location_id, sq.lot_id, sq.on_hand - sq.reserved AS free
      FROM stock_quant sq
      JOIN location l ON l.id = sq.location_id
      JOIN zone z ON z.id = l.zone_id
      LEFT JOIN lot t ON t.id = sq.lot_id
     WHERE sq.sku_id = in_sku_id AND l.warehouse_id = r.warehouse_id
       AND z.type = 'reserve' AND NOT l.blocked AND sq.on_hand > sq.reserved
       AND (t.expiry IS NULL OR t.expiry >= current_date)
     ORDER BY CASE WHEN fefo THEN t.expiry END NULLS LAST, sq.in_date,
              l.pick_sequence, sq.id
  LOOP
    EXIT WHEN need <= 0;
    take := least(need, q.free);
    INSERT INTO replenish_task (rule_id, warehouse_id, sku_id, lot_id,
      from_bin_id, to_bin_id, qty)
    VALUES (r.id, r.warehouse_id, in_sku_id, q.lot_id, q.location_id,
      in_bin_id, take);
    need := need - take;
    made := made + 1;
  END LOOP;
  RETURN made;
END $$;

-- Confirms a task by scan: moves up to its quantity (in_qty, NULL: all)
-- from the reserve bin to the pick bin, idempotent by key: the key of the
-- confirmation that closed it replays it, with another quantity it is
-- out_key_conflict (README, "Idempotency").
DROP FUNCTION IF EXISTS wms_do_replenish_confirm(bigint, bigint, bigint,
  text, text);
CREATE OR REPLACE FUNCTION wms_do_replenish_confirm(
  in_task_id bigint, in_qty bigint, in_user_id bigint, in_request_id text,
  in_idem text, OUT out_found boolean, OUT out_not_open boolean,
  OUT out_move_id bigint, OUT out_insufficient boolean,
  OUT out_available bigint, OUT out_replayed boolean,
  OUT out_key_conflict boolean)
LANGUAGE plpgsql AS $$
DECLARE
  t replenish_task%ROWTYPE;
  m record;
BEGIN
  out_found := false; out_not_open := false; out_insufficient := false;
  out_replayed := false; out_available := 0; out_key_conflict := false;
  SELECT * INTO t FROM replenish_task WHERE id = in_task_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  out_found := true;
  IF t.state <> 'open' THEN
    -- A replay of the confirmation that closed it is not an error.
    out_not_open := t.move_id IS NULL OR NOT EXISTS (
      SELECT 1 FROM stock_move WHERE id = t.move_id
         AND idempotency_key IS NOT DISTINCT FROM in_idem
         AND in_idem IS NOT NULL);
    out_replayed := NOT out_not_open;
    out_key_conflict := out_replayed AND (SELECT qty FROM stock_move
      WHERE id = t.move_id) IS DISTINCT FROM coalesce(in_qty, t.qty);
    out_move_id := t.move_id;
    RETURN;
  END IF;
  SELECT * INTO m FROM wms_do_move(t.sku_id, t.lot_id, t.from_bin_id,
    t.to_bin_id, coalesce(in_qty, t.qty), 'replenish', 'replenish ' || t.id,
    '', in_user_id, in_request_id, in_idem);
  IF m.out_key_conflict THEN
    out_key_conflict := true;
    RETURN;
  END IF;
  IF m.out_insufficient OR m.out_blocked OR m.out_capacity OR m.out_mixed THEN
    out_insufficient := true;
    out_available := m.out_available;
    RETURN;
  END IF;
  out_move_id := m.out_move_id;
  UPDATE replenish_task SET state = 'done', done_at = now(),
         move_id = m.out_move_id WHERE id = in_task_id;
END $$;
