-- Slotting (issue 24 item 6): SKUs ranked by how often they were picked
-- (ABC), and moves that bring fast movers to the empty bins nearest the
-- depot, golden-zone levels first within a bay. Accepted moves become
-- replenishment tasks of reason 'slotting', walked and confirmed on the
-- floor like any other (POST /replenishment-tasks/{id}/confirm).

-- Picks per SKU of warehouse in_wh over the last in_days days: the pick
-- tasks of lists built then, walked or still to walk (a cancelled task
-- walks nowhere), most picked first, with the ABC class: A while the
-- picks before it are under 80 % of all, B under 95 %, else C.
CREATE OR REPLACE FUNCTION wms_slotting_rank(in_wh bigint, in_days integer)
RETURNS TABLE (sku_id bigint, picks bigint, units bigint, abc text)
LANGUAGE sql STABLE AS $f$
  WITH p AS (
    SELECT t.sku_id, count(*) AS picks, sum(t.qty)::bigint AS units
      FROM picklist l JOIN pick_task t ON t.picklist_id = l.id
     WHERE l.warehouse_id = in_wh AND t.state <> 'cancelled'
       AND l.created_at >= now() - make_interval(days => in_days)
     GROUP BY t.sku_id),
  c AS (
    SELECT p.*, sum(p.picks) OVER (ORDER BY p.picks DESC, p.sku_id) AS cum,
           sum(p.picks) OVER () AS total
      FROM p)
  SELECT c.sku_id, c.picks, c.units,
         CASE WHEN c.cum - c.picks < 0.80 * c.total THEN 'A'
              WHEN c.cum - c.picks < 0.95 * c.total THEN 'B'
              ELSE 'C' END
    FROM c ORDER BY c.picks DESC, c.sku_id
$f$;

-- The bin of a laid-out pick zone holding most of SKU in_sku in in_wh.
CREATE OR REPLACE FUNCTION wms_slotting_home(in_wh bigint, in_sku bigint)
RETURNS TABLE (bin_id bigint, code text, zone_id bigint, depot_m numeric,
  golden boolean, on_hand bigint, free bigint)
LANGUAGE sql STABLE AS $f$
  SELECT g.id, g.code, g.zone_id, g.depot_m, g.golden,
         sum(q.on_hand)::bigint, sum(q.on_hand - q.reserved)::bigint
    FROM stock_quant q
    JOIN bin_geo g ON g.id = q.location_id
    JOIN zone z ON z.id = g.zone_id AND z.type = 'pick'
   WHERE q.sku_id = in_sku AND g.warehouse_id = in_wh AND q.on_hand > 0
   GROUP BY g.id, g.code, g.zone_id, g.depot_m, g.golden
   ORDER BY sum(q.on_hand) DESC, g.depot_m, g.code
   LIMIT 1
$f$;

-- Whether bin in_bin can take a slotting move: not blocked, empty, and no
-- open task bringing stock to it.
CREATE OR REPLACE FUNCTION wms_slotting_free_bin(in_bin bigint)
RETURNS boolean
LANGUAGE sql STABLE AS $f$
  SELECT NOT l.blocked
         AND NOT EXISTS (SELECT 1 FROM stock_quant q
                          WHERE q.location_id = l.id AND q.on_hand > 0)
         AND NOT EXISTS (SELECT 1 FROM replenish_task t
                          WHERE t.to_bin_id = l.id AND t.state = 'open')
    FROM location l WHERE l.id = in_bin
$f$;

-- GET /warehouses/{wh}/slotting?days=: the ranking (first 100) and up to
-- in_limit proposals. A proposal moves the SKU's free units from its home
-- bin to the nearest free bin of the same zone that is nearer the depot
-- (or as near and golden where the home is not). Metres saved per day
-- count each pick as a trip from the depot and back: 2 × (home − target)
-- × picks ÷ days, an upper bound for lists that batch several SKUs.
CREATE OR REPLACE FUNCTION wms_slotting_doc(in_wh bigint, in_days integer,
  in_limit integer) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  r record;
  h record;
  t record;
  used bigint[] := '{}';
  props jsonb := '[]';
  saved numeric := 0;
  n integer := 0;
BEGIN
  FOR r IN SELECT k.*, s.code, s.name FROM wms_slotting_rank(in_wh, in_days) k
             JOIN sku s ON s.id = k.sku_id
            ORDER BY k.picks DESC, k.sku_id LIMIT 500
  LOOP
    EXIT WHEN n >= in_limit;
    SELECT * INTO h FROM wms_slotting_home(in_wh, r.sku_id);
    CONTINUE WHEN h.bin_id IS NULL OR h.free <= 0;
    SELECT g.id, g.code, g.depot_m, g.golden INTO t
      FROM bin_geo g
     WHERE g.zone_id = h.zone_id AND g.id <> ALL (used)
       AND (g.depot_m < h.depot_m
            OR (g.depot_m = h.depot_m AND g.golden AND NOT h.golden))
       AND wms_slotting_free_bin(g.id)
     ORDER BY g.depot_m, g.golden DESC, g.code
     LIMIT 1;
    CONTINUE WHEN t.id IS NULL;
    used := used || t.id;
    n := n + 1;
    saved := saved + round(2 * (h.depot_m - t.depot_m) * r.picks / in_days, 1);
    props := props || jsonb_build_object('sku', r.code, 'name', r.name,
      'abc', r.abc, 'picks', r.picks, 'from_bin', h.code, 'to_bin', t.code,
      'qty', h.free, 'from_m', round(h.depot_m, 2),
      'to_m', round(t.depot_m, 2), 'golden_from', h.golden,
      'golden_to', t.golden,
      'saved_m_per_day',
        round(2 * (h.depot_m - t.depot_m) * r.picks / in_days, 1));
  END LOOP;
  RETURN jsonb_build_object(
    'warehouse', (SELECT code FROM warehouse WHERE id = in_wh),
    'days', in_days,
    'picks', (SELECT coalesce(sum(k.picks), 0)
                FROM wms_slotting_rank(in_wh, in_days) k),
    'skus', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', s.code,
                'name', s.name, 'picks', k.picks, 'units', k.units,
                'abc', k.abc) ORDER BY k.picks DESC, s.code), '[]')
               FROM (SELECT * FROM wms_slotting_rank(in_wh, in_days)
                      LIMIT 100) k
               JOIN sku s ON s.id = k.sku_id),
    'proposals', props, 'saved_m_per_day', saved);
END $$;

CREATE OR REPLACE FUNCTION wms_slotting_get(in_wh text, in_days integer,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  wh bigint;
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM zone_geo WHERE warehouse_id = wh) THEN
    out_error := 'no_layout';
    RETURN;
  END IF;
  out_doc := wms_slotting_doc(wh, in_days, 50);
END $$;

-- POST /warehouses/{wh}/slotting/accept: one replenishment task (reason
-- slotting) per lot of each accepted proposal {sku, from_bin, to_bin},
-- for the free units in from_bin. A proposal that no longer holds (the
-- units left, the target filled or claimed) refuses the whole request
-- with slotting_stale. Idempotent by in_key (idem_replay).
CREATE OR REPLACE FUNCTION wms_slotting_accept(in_wh text, in_props jsonb,
  in_key text, OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  p jsonb;
  i integer := 0;
  sid bigint;
  fb bigint;
  tb bigint;
  made bigint[];
  ids bigint[] := '{}';
  req jsonb := jsonb_build_object('proposals', in_props);
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh;
  IF wh IS NULL THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  SELECT * INTO out_error, out_field, out_doc, out_replayed
    FROM idem_replay(in_key, 'slotting_accept', wh, req);
  IF out_replayed OR out_error IS NOT NULL THEN
    RETURN;
  END IF;
  FOR p IN SELECT * FROM jsonb_array_elements(in_props)
  LOOP
    SELECT id INTO sid FROM sku WHERE code = p->>'sku';
    SELECT id INTO fb FROM location
     WHERE warehouse_id = wh AND kind = 'bin' AND code = p->>'from_bin';
    -- The target is locked: two leads accepting the same bin queue here.
    SELECT g.id INTO tb FROM bin_geo g
     WHERE g.warehouse_id = wh AND g.code = p->>'to_bin';
    PERFORM 1 FROM location WHERE id = tb FOR UPDATE;
    IF sid IS NULL THEN
      out_error := 'unknown_sku';
      out_field := format('proposals[%s].sku', i);
    ELSIF fb IS NULL THEN
      out_error := 'unknown_bin';
      out_field := format('proposals[%s].from_bin', i);
    ELSIF tb IS NULL THEN
      out_error := 'unknown_bin';
      out_field := format('proposals[%s].to_bin', i);
      out_detail := 'not a bin of a laid-out zone';
    ELSIF NOT wms_slotting_free_bin(tb) OR NOT EXISTS (
        SELECT 1 FROM stock_quant q WHERE q.sku_id = sid
           AND q.location_id = fb AND q.on_hand > q.reserved) THEN
      out_error := 'slotting_stale';
      out_field := format('proposals[%s]', i);
    END IF;
    IF out_error IS NOT NULL THEN
      RETURN;
    END IF;
    WITH ins AS (
      INSERT INTO replenish_task (rule_id, warehouse_id, sku_id, lot_id,
        from_bin_id, to_bin_id, qty, reason)
      SELECT NULL, wh, sid, q.lot_id, fb, tb, q.on_hand - q.reserved,
             'slotting'
        FROM stock_quant q
       WHERE q.sku_id = sid AND q.location_id = fb AND q.on_hand > q.reserved
       ORDER BY q.id
      RETURNING id)
    SELECT array_agg(id ORDER BY id) INTO made FROM ins;
    ids := ids || made;
    i := i + 1;
  END LOOP;
  out_doc := jsonb_build_object('tasks',
    (SELECT coalesce(jsonb_agg(d.doc ORDER BY d.id), '[]')
       FROM replenish_task_doc d WHERE d.id = ANY (ids)));
  PERFORM idem_record(in_key, 'slotting_accept', wh, req, out_doc);
END $$;
