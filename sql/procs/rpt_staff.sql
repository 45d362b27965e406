-- Staff performance (issue 21, item 7) per user and day from the rollups
-- of migration 0152: pick lines and units, putaways, receipt lines,
-- replenishments and moves, active hours (gaps over 5 minutes are breaks)
-- and pick lines per active hour. Filters: from, to, warehouse, user
-- (a username), allowed.
CREATE OR REPLACE FUNCTION rpt_staff(in_f jsonb)
RETURNS TABLE (day date, warehouse text, username text, pick_lines bigint,
  pick_units bigint, putaway_lines bigint, receipt_lines bigint,
  receipt_units bigint, replenish_lines bigint, move_lines bigint,
  active_s bigint, active_hours numeric, lines_per_hour numeric)
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
           sum(lines) FILTER (WHERE kind = 'move') AS mv
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
              THEN round(coalesce(s.pl, 0) / (a.active_s / 3600.0), 1) END
    FROM s JOIN w ON w.id = s.warehouse_id JOIN u ON u.id = s.user_id
    LEFT JOIN staff_active a ON a.user_id = s.user_id
     AND a.warehouse_id = s.warehouse_id AND a.day = s.day
   ORDER BY s.day, w.code, u.username
$f$;
