-- Staff performance (issue 21, item 7) per user and day from the rollups
-- of migrations 0152 and 0155: pick lines and units, putaways, receipt
-- lines, replenishments and moves, active hours (gaps over 5 minutes
-- between moves are breaks), pick lines per active hour, wrong scans
-- (wrong_bin, wrong_item, wrong_lot), short picks (tasks and units),
-- cartons packed, cartons refused on the scale, count lines and count
-- accuracy (% of lines that matched the bin). Filters: from, to,
-- warehouse, user (a username), allowed.
DROP FUNCTION IF EXISTS rpt_staff(jsonb);
CREATE OR REPLACE FUNCTION rpt_staff(in_f jsonb)
RETURNS TABLE (day date, warehouse text, username text, pick_lines bigint,
  pick_units bigint, putaway_lines bigint, receipt_lines bigint,
  receipt_units bigint, replenish_lines bigint, move_lines bigint,
  active_s bigint, active_hours numeric, lines_per_hour numeric,
  wrong_bin bigint, wrong_item bigint, wrong_lot bigint, short_picks bigint,
  short_units bigint, cartons bigint, weight_mismatches bigint,
  count_lines bigint, count_accuracy numeric)
LANGUAGE sql STABLE AS $f$
  WITH w AS MATERIALIZED (SELECT * FROM rpt_warehouses(in_f)),
  u AS MATERIALIZED (
    SELECT id, username FROM app_user
     WHERE in_f->>'user' IS NULL OR username = in_f->>'user'),
  d AS (SELECT coalesce((in_f->>'from')::date, current_date - 29) AS lo,
               coalesce((in_f->>'to')::date, current_date) AS hi),
  s AS (
    SELECT user_id, warehouse_id, day,
           sum(lines) FILTER (WHERE kind = 'pick') AS pl,
           sum(units) FILTER (WHERE kind = 'pick') AS pu,
           sum(lines) FILTER (WHERE kind = 'putaway') AS pa,
           sum(lines) FILTER (WHERE kind = 'receipt') AS rl,
           sum(units) FILTER (WHERE kind = 'receipt') AS ru,
           sum(lines) FILTER (WHERE kind = 'replenish') AS rp,
           sum(lines) FILTER (WHERE kind = 'move') AS mv,
           sum(lines) FILTER (WHERE kind = 'wrong_bin') AS wb,
           sum(lines) FILTER (WHERE kind = 'wrong_item') AS wi,
           sum(lines) FILTER (WHERE kind = 'wrong_lot') AS wl,
           sum(lines) FILTER (WHERE kind = 'short_pick') AS sp,
           sum(units) FILTER (WHERE kind = 'short_pick') AS su,
           sum(lines) FILTER (WHERE kind = 'carton') AS ct,
           sum(lines) FILTER (WHERE kind = 'weight_mismatch') AS wm,
           sum(lines) FILTER (WHERE kind = 'count') AS cl,
           sum(lines) FILTER (WHERE kind = 'count_exact') AS ce
      FROM staff_day
     WHERE day BETWEEN (SELECT lo FROM d) AND (SELECT hi FROM d)
       AND warehouse_id IN (SELECT id FROM w)
       AND user_id IN (SELECT id FROM u)
     GROUP BY 1, 2, 3)
  SELECT s.day, w.code, u.username, coalesce(s.pl, 0)::bigint,
         coalesce(s.pu, 0)::bigint, coalesce(s.pa, 0)::bigint,
         coalesce(s.rl, 0)::bigint, coalesce(s.ru, 0)::bigint,
         coalesce(s.rp, 0)::bigint, coalesce(s.mv, 0)::bigint,
         round(coalesce(a.active_s, 0))::bigint,
         round(coalesce(a.active_s, 0) / 3600.0, 2),
         CASE WHEN a.active_s > 0
              THEN round(coalesce(s.pl, 0) / (a.active_s / 3600.0), 1) END,
         coalesce(s.wb, 0)::bigint, coalesce(s.wi, 0)::bigint,
         coalesce(s.wl, 0)::bigint, coalesce(s.sp, 0)::bigint,
         coalesce(s.su, 0)::bigint, coalesce(s.ct, 0)::bigint,
         coalesce(s.wm, 0)::bigint, coalesce(s.cl, 0)::bigint,
         CASE WHEN s.cl > 0 THEN round(coalesce(s.ce, 0) * 100.0 / s.cl, 1) END
    FROM s JOIN w ON w.id = s.warehouse_id JOIN u ON u.id = s.user_id
    LEFT JOIN staff_active a ON a.user_id = s.user_id
     AND a.warehouse_id = s.warehouse_id AND a.day = s.day
   ORDER BY s.day, w.code, u.username
$f$;
