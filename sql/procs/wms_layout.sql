-- Warehouse geometry (issue 24 items 4-6): zone layouts, where each bin is
-- on the floor, the stops a wave's pick lists walk (ordered in C by
-- wms/wms_route.c) and slotting proposals. Geometry in metres: aisle i of
-- a zone (its aisle_no less the zone's lowest) is at x = i * spacing; rack
-- r is at y = (r - ½) * bay width from the front cross-aisle, never past
-- the back one; the depot meets the front cross-aisle at depot_x_m.

-- The coordinates {aisle, rack, level} a bin code made by a bin pattern
-- spells (A-03-2, A-03-2-1, R03-2, 12-03-2; letters count A = 1), or
-- NULLs: what migration 0250 backfilled, for bins made one at a time.
CREATE OR REPLACE FUNCTION wms_bin_code_xy(in_code text) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $f$
  SELECT ARRAY[CASE WHEN m[1] ~ '^[A-Z]$' THEN ascii(m[1]) - 64
                    ELSE m[1]::integer END, m[2]::integer, m[3]::integer]
    FROM (SELECT regexp_match(in_code,
      '^([A-Z]|[0-9]{1,3})-?([0-9]{1,3})-([0-9]{1,2})(?:-[A-Z0-9]{1,3})?$')
      AS m) x
$f$;

-- Laid-out zones with their first and last aisle.
CREATE OR REPLACE VIEW zone_geo AS
SELECT zl.*, z.warehouse_id, z.code AS zone_code, a.first_aisle, a.last_aisle
  FROM zone_layout zl
  JOIN zone z ON z.id = zl.zone_id
  CROSS JOIN LATERAL (
    SELECT min(l.aisle_no) AS first_aisle, max(l.aisle_no) AS last_aisle
      FROM location l
     WHERE l.zone_id = zl.zone_id AND l.kind = 'bin'
       AND l.aisle_no IS NOT NULL) a;
COMMENT ON VIEW zone_geo IS
  'Zone layouts with the aisle numbers their bins span (x = 0 at first_aisle)';

-- Where each bin of a laid-out zone is, and how far the depot is (one way,
-- over the front cross-aisle).
CREATE OR REPLACE VIEW bin_geo AS
SELECT l.id, l.warehouse_id, l.zone_id, l.code, l.level_no, l.blocked,
       l.aisle_no - g.first_aisle AS aisle_idx,
       g.last_aisle - g.first_aisle + 1 AS n_aisles,
       (l.aisle_no - g.first_aisle) * g.aisle_spacing_m AS x_m,
       least(greatest((l.rack_no - 0.5) * g.bay_width_m, 0),
             g.aisle_length_m) AS y_m,
       l.level_no IS NOT NULL AND l.level_no BETWEEN g.golden_level_min
         AND g.golden_level_max AS golden,
       g.depot_offset_m
         + abs((l.aisle_no - g.first_aisle) * g.aisle_spacing_m - g.depot_x_m)
         + least(greatest((l.rack_no - 0.5) * g.bay_width_m, 0),
                 g.aisle_length_m) AS depot_m
  FROM location l
  JOIN zone_geo g ON g.zone_id = l.zone_id
 WHERE l.kind = 'bin' AND l.aisle_no IS NOT NULL AND l.rack_no IS NOT NULL;
COMMENT ON VIEW bin_geo IS
  'Floor position of every bin of a laid-out zone, in metres';

-- GET /warehouses/{wh}/layout: the routing method and, per zone, its
-- layout (or null) and its bays (aisle, rack) with bins and occupancy,
-- for the planner's drawing.
CREATE OR REPLACE FUNCTION wms_layout_doc(in_wh bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('warehouse', w.code,
    'routing_method', w.routing_method,
    'zones', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'zone', z.code, 'name', z.name, 'type', z.type,
        'layout', (SELECT jsonb_build_object(
            'aisle_spacing_m', zl.aisle_spacing_m,
            'aisle_length_m', zl.aisle_length_m,
            'bay_width_m', zl.bay_width_m, 'cross_back', zl.cross_back,
            'cross_middle', zl.cross_middle, 'depot_x_m', zl.depot_x_m,
            'depot_offset_m', zl.depot_offset_m,
            'golden_level_min', zl.golden_level_min,
            'golden_level_max', zl.golden_level_max)
            FROM zone_layout zl WHERE zl.zone_id = z.id),
        'bins', (SELECT count(*) FROM location l
                  WHERE l.zone_id = z.id AND l.kind = 'bin'),
        'bins_unplaced', (SELECT count(*) FROM location l
                  WHERE l.zone_id = z.id AND l.kind = 'bin'
                    AND (l.aisle_no IS NULL OR l.rack_no IS NULL)),
        'bays', (SELECT coalesce(jsonb_agg(jsonb_build_object(
              'aisle', b.aisle_no, 'rack', b.rack_no, 'bins', b.bins,
              'occupied', b.occupied, 'units', b.units)
              ORDER BY b.aisle_no, b.rack_no), '[]')
            FROM (SELECT l.aisle_no, l.rack_no, count(*) AS bins,
                         count(*) FILTER (WHERE o.units > 0) AS occupied,
                         coalesce(sum(o.units), 0) AS units
                    FROM location l
                    LEFT JOIN LATERAL (SELECT sum(q.on_hand) AS units
                      FROM stock_quant q WHERE q.location_id = l.id) o ON true
                   WHERE l.zone_id = z.id AND l.kind = 'bin'
                     AND l.aisle_no IS NOT NULL AND l.rack_no IS NOT NULL
                   GROUP BY l.aisle_no, l.rack_no) b))
        ORDER BY z.code), '[]')
      FROM zone z WHERE z.warehouse_id = w.id))
    FROM warehouse w WHERE w.id = in_wh
$f$;

CREATE OR REPLACE FUNCTION wms_layout_get(in_wh text, OUT out_error text,
  OUT out_field text, OUT out_detail text, OUT out_doc jsonb,
  OUT out_replayed boolean)
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
  out_doc := wms_layout_doc(wh);
END $$;

-- PUT /warehouses/{wh}/layout: the routing method (NULL: unchanged) and
-- the layouts of zones in_zones [{zone, aisle_spacing_m, …}] (checked for
-- shape and ranges in C). A zone named twice takes the last.
CREATE OR REPLACE FUNCTION wms_layout_put(in_wh text, in_method text,
  in_zones jsonb, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  z jsonb;
  zid bigint;
  i integer := 0;
BEGIN
  out_replayed := false;
  SELECT id INTO wh FROM warehouse WHERE code = in_wh FOR UPDATE;
  IF wh IS NULL THEN
    out_error := 'not_found';
    RETURN;
  END IF;
  IF in_method IS NOT NULL THEN
    UPDATE warehouse SET routing_method = in_method WHERE id = wh;
  END IF;
  FOR z IN SELECT * FROM jsonb_array_elements(coalesce(in_zones, '[]'))
  LOOP
    SELECT id INTO zid FROM zone
     WHERE warehouse_id = wh AND code = z->>'zone';
    IF zid IS NULL THEN
      out_error := 'unknown_zone';
      out_field := format('zones[%s].zone', i);
      out_detail := z->>'zone';
      RETURN;
    END IF;
    INSERT INTO zone_layout AS zl (zone_id, aisle_spacing_m, aisle_length_m,
      bay_width_m, cross_back, cross_middle, depot_x_m, depot_offset_m,
      golden_level_min, golden_level_max)
    VALUES (zid, (z->>'aisle_spacing_m')::numeric,
      (z->>'aisle_length_m')::numeric, (z->>'bay_width_m')::numeric,
      (z->>'cross_back')::boolean, (z->>'cross_middle')::boolean,
      (z->>'depot_x_m')::numeric, (z->>'depot_offset_m')::numeric,
      (z->>'golden_level_min')::integer, (z->>'golden_level_max')::integer)
    ON CONFLICT (zone_id) DO UPDATE SET
      aisle_spacing_m = EXCLUDED.aisle_spacing_m,
      aisle_length_m = EXCLUDED.aisle_length_m,
      bay_width_m = EXCLUDED.bay_width_m, cross_back = EXCLUDED.cross_back,
      cross_middle = EXCLUDED.cross_middle, depot_x_m = EXCLUDED.depot_x_m,
      depot_offset_m = EXCLUDED.depot_offset_m,
      golden_level_min = EXCLUDED.golden_level_min,
      golden_level_max = EXCLUDED.golden_level_max, updated_at = now();
    i := i + 1;
  END LOOP;
  out_doc := wms_layout_doc(wh);
END $$;

-- The stops of wave in_wave's lists that nobody has started, in pick
-- sequence, with each stop's zone layout in centimetres (NULL when the bin
-- has no coordinates or its zone no layout): what wms_route orders. None
-- at all, at the cost of one lookup, in a warehouse without a layout.
CREATE OR REPLACE FUNCTION wms_route_stops(in_wave bigint)
RETURNS TABLE (picklist_id bigint, task_id bigint, zone_id bigint,
  aisle integer, y_cm integer, n_aisles integer, spacing_cm integer,
  length_cm integer, depot_x_cm integer, depot_offset_cm integer,
  cross_back boolean, cross_middle boolean, method text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM wave v JOIN zone z
                     ON z.warehouse_id = v.warehouse_id
                   JOIN zone_layout zl ON zl.zone_id = z.id
                  WHERE v.id = in_wave) THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT t.picklist_id, t.id, g.zone_id, g.aisle_idx,
         round(g.y_m * 100)::integer, g.n_aisles,
         round(zg.aisle_spacing_m * 100)::integer,
         round(zg.aisle_length_m * 100)::integer,
         round(zg.depot_x_m * 100)::integer,
         round(zg.depot_offset_m * 100)::integer,
         zg.cross_back, zg.cross_middle, w.routing_method
    FROM picklist p
    JOIN warehouse w ON w.id = p.warehouse_id
    JOIN pick_task t ON t.picklist_id = p.id
    LEFT JOIN bin_geo g ON g.id = t.bin_id
    LEFT JOIN zone_geo zg ON zg.zone_id = g.zone_id
   WHERE p.wave_id = in_wave AND p.state = 'open' AND t.state = 'open'
     AND NOT EXISTS (SELECT 1 FROM pick_task x
                      WHERE x.picklist_id = p.id AND x.picked_qty > 0)
   ORDER BY t.picklist_id, t.seq, t.id;
END $$;

-- Writes what wms_route decided: task in_tasks[i] walks at rank
-- in_ranks[i]; list in_lists[j] was ordered by in_methods[j] and walks
-- in_dist[j] metres so, in_seq_dist[j] by pick sequence (NULL: unknown).
CREATE OR REPLACE FUNCTION wms_route_apply(in_tasks bigint[],
  in_ranks integer[], in_lists bigint[], in_methods text[],
  in_dist numeric[], in_seq_dist numeric[]) RETURNS void
LANGUAGE sql AS $f$
  UPDATE pick_task t SET seq = u.r
    FROM unnest(in_tasks, in_ranks) u (id, r) WHERE t.id = u.id;
  UPDATE picklist p SET routing_method = u.m, distance_m = u.d,
         sequence_distance_m = u.s
    FROM unnest(in_lists, in_methods, in_dist, in_seq_dist) u (id, m, d, s)
   WHERE p.id = u.id;
$f$;
