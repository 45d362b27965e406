-- Days of floor work for the staff report (issue 21, item 7): for each
-- warehouse person of the demo at ZZ1 (the pickers and the lead), over
-- the last in_days working days, pick lines and units, putaways, receipt
-- lines, active hours and the floor figures (wrong scans, short picks,
-- cartons, weight mismatches, count lines and exact ones), near what a
-- picker does in a day, some better than others. Only the rollups are
-- written (staff_day slot 99, staff_active): there are no moves behind
-- them, as the demo's order history has no shipments behind its sales.
-- random() drives it: call setseed first for the same history.
CREATE OR REPLACE FUNCTION demo_staff_history(in_days integer)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  u record;
  wh bigint;
  d date;
  skill double precision;
  picks bigint;
  hours numeric;
  shorts bigint;
BEGIN
  SELECT id INTO wh FROM warehouse WHERE code = 'ZZ1';
  IF wh IS NULL OR EXISTS (SELECT 1 FROM staff_day WHERE slot = 99) THEN
    RETURN;
  END IF;
  FOR u IN SELECT id, role FROM app_user
            WHERE username IN ('picker.li', 'picker.wang', 'picker.liu',
                               'lead.zhou')
            ORDER BY id LOOP
    skill := 0.7 + random() * 0.6;
    FOR i IN 1..in_days LOOP
      d := current_date - i;
      CONTINUE WHEN extract(isodow FROM d) = 7 OR random() < 0.1;
      hours := round((5 + random() * 2.5)::numeric, 2);
      shorts := (random() * 1.6)::bigint;
      picks := CASE WHEN u.role = 'picker'
                    THEN (hours * 55 * skill)::bigint
                    ELSE (hours * 8)::bigint END;
      INSERT INTO staff_day (user_id, warehouse_id, day, kind, slot, lines,
        units)
      SELECT u.id, wh, d, k, 99, n, q FROM (VALUES
        ('pick', picks, picks * 2 + (random() * picks)::bigint),
        ('putaway', (hours * 4 * random())::bigint, 0::bigint),
        ('receipt', (hours * 2 * random())::bigint,
         (hours * 40 * random())::bigint),
        ('wrong_bin', (picks * 0.012 / skill * random())::bigint, 0),
        ('wrong_item', (picks * 0.008 / skill * random())::bigint, 0),
        ('wrong_lot', (picks * 0.002 * random())::bigint, 0),
        ('short_pick', shorts, shorts * (1 + (random() * 3)::bigint)),
        ('carton', (picks * 0.3)::bigint, picks * 2),
        ('weight_mismatch', (random() * 1.4)::bigint, 0),
        ('count', (random() * 30)::bigint, (random() * 400)::bigint))
        AS v (k, n, q)
       WHERE n > 0;
      -- Most counted lines match the bin, the careful ones more often.
      INSERT INTO staff_day (user_id, warehouse_id, day, kind, slot, lines,
        units)
      SELECT u.id, wh, d, 'count_exact', 99,
             least(lines, round(lines * (0.85 + 0.1 * skill))::bigint), 0
        FROM staff_day WHERE user_id = u.id AND warehouse_id = wh
         AND day = d AND kind = 'count' AND slot = 99 AND lines > 0;
      INSERT INTO staff_active (user_id, warehouse_id, day, active_s,
        last_at)
      VALUES (u.id, wh, d, hours * 3600, d + time '17:30')
      ON CONFLICT (user_id, warehouse_id, day) DO NOTHING;
    END LOOP;
  END LOOP;
END $$;
