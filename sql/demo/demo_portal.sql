-- The 3PL client portal's demo (`depot demo seed`, issue 23 item 3): what
-- 山野茶业 (SHANYE, made by demo_owners) sees when its user signs in at
-- /portal/: tea tracked by lot and expiry, an inbound PO from its own tea
-- garden sent to ZZ1 with an ASN of two cartons announced against it (and
-- room for more), and three orders of its store SY-SHOP. Its login is made
-- by the CLI (cli_demo_owners), with a random password printed once. A
-- second call adds nothing. Returns how many records it made.
CREATE OR REPLACE FUNCTION demo_portal() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  adj bigint;
  sy bigint;
  sup bigint;
  po bigint;
  a bigint;
  c bigint;
  r record;
  m record;
  n integer := 0;
BEGIN
  SELECT id INTO wh FROM warehouse WHERE code = 'ZZ1';
  SELECT id INTO adj FROM location WHERE warehouse_id = wh AND code = '@ADJUST';
  SELECT id INTO sy FROM owners WHERE code = 'SHANYE';
  IF wh IS NULL OR adj IS NULL OR sy IS NULL
     OR EXISTS (SELECT 1 FROM supplier WHERE code = 'SY-GARDEN') THEN
    RETURN 0;
  END IF;
  -- SHANYE's tea is tracked by lot and expiry (so its ASNs name lots the
  -- dock can receive): the stock demo_owners adjusted in without a lot
  -- goes back out, and the tea comes in again under this spring's and
  -- last year's lots.
  FOR r IN SELECT * FROM (VALUES ('SY-TEA-LJ250', '3PL-03', 60),
                                 ('SY-TEA-PE357', '3PL-04', 30))
                           AS v (sku, bin, qty)
  LOOP
    SELECT * INTO m FROM wms_do_move(
      (SELECT id FROM sku WHERE code = r.sku), NULL,
      (SELECT id FROM location WHERE warehouse_id = wh AND code = r.bin), adj,
      r.qty, 'adjustment', 'demo 3PL', 'tea put under its lots', NULL,
      'demo', NULL);
    IF m.out_insufficient THEN
      RAISE EXCEPTION 'demo portal stock: % has not % units in %', r.sku,
        r.qty, r.bin;
    END IF;
  END LOOP;
  UPDATE sku SET lot_tracked = true, expiry_tracked = true
   WHERE code IN ('SY-TEA-LJ250', 'SY-TEA-PE357');
  FOR r IN SELECT * FROM (VALUES
      ('SY-TEA-LJ250', 'MQ2026A', 420, '3PL-03', 66),
      ('SY-TEA-LJ250', 'MQ2025B', 60, '3PL-03', 18),
      ('SY-TEA-PE357', 'PE2024-07', 1800, '3PL-04', 42)) AS v (sku, lot,
                                                               days, bin, qty)
  LOOP
    INSERT INTO lot (sku_id, code, expiry)
    SELECT k.id, r.lot, current_date + r.days FROM sku k WHERE k.code = r.sku;
    SELECT * INTO m FROM wms_do_move(
      (SELECT id FROM sku WHERE code = r.sku),
      (SELECT t.id FROM lot t JOIN sku k ON k.id = t.sku_id
        WHERE k.code = r.sku AND t.code = r.lot), adj,
      (SELECT id FROM location WHERE warehouse_id = wh AND code = r.bin),
      r.qty, 'adjustment', 'demo 3PL', '3PL client lot received', NULL,
      'demo', NULL);
    IF m.out_blocked OR m.out_capacity OR m.out_mixed THEN
      RAISE EXCEPTION 'demo portal stock: move refused for % lot %', r.sku,
        r.lot;
    END IF;
    n := n + 1;
  END LOOP;
  -- The client's own tea garden ships to ZZ1: a PO sent, its ASN.
  INSERT INTO supplier (code, name, contact_name, currency, lead_time_days,
                        owner_id)
  VALUES ('SY-GARDEN', '山野茶园（产地直发）', '李师傅', 'CNY', 5, sy)
  RETURNING id INTO sup;
  INSERT INTO purchase_order (number, supplier_id, warehouse_id, state,
    currency, note, created_at, submitted_at, approved_at, sent_at)
  VALUES ('PO' || to_char(now(), 'YYYYMMDD') || '-' ||
            lpad(nextval('purchase_order_number')::text, 5, '0'),
          sup, wh, 'sent', 'CNY', '山野茶业 春茶入库', now() - interval '2 days',
          now() - interval '2 days', now() - interval '2 days',
          now() - interval '1 day')
  RETURNING id INTO po;
  INSERT INTO po_line (po_id, line_no, sku_id, qty, unit_cost, expected_date)
  SELECT po, v.no, k.id, v.qty, 0, current_date + 3
    FROM (VALUES (1, 'SY-TEA-LJ250', 120), (2, 'SY-TEA-PE357', 60))
         AS v (no, sku, qty)
    JOIN sku k ON k.code = v.sku;
  INSERT INTO asn (po_id, reference, ship_date)
  VALUES (po, 'SY-ASN-0001', current_date + 1) RETURNING id INTO a;
  FOR r IN SELECT * FROM (VALUES
      ('SY-TEA-LJ250', 'MQ2026C', 540, 48), ('SY-TEA-PE357', 'PE2025-03', 1900,
                                             24)) AS v (sku, lot, days, qty)
  LOOP
    INSERT INTO asn_carton (asn_id, sscc) VALUES (a, wms_next_sscc())
    RETURNING id INTO c;
    INSERT INTO asn_line (carton_id, sku_id, lot, expiry, qty)
    SELECT c, k.id, r.lot, current_date + r.days, r.qty
      FROM sku k WHERE k.code = r.sku;
  END LOOP;
  n := n + 3;
  -- Three orders of its store, as its shop sends them.
  FOR r IN SELECT * FROM (VALUES
      ('SY-20260001', 'SY-TEA-LJ250', 2, 268.00, '陈晓', '杭州市',
       '浙江省 杭州市 西湖区 龙井路 1 号'),
      ('SY-20260002', 'SY-TEA-PE357', 1, 188.00, '赵敏', '昆明市',
       '云南省 昆明市 五华区 翠湖南路 5 号'),
      ('SY-20260003', 'SY-TEA-LJ250', 1, 268.00, '刘涛', '长沙市',
       '湖南省 长沙市 岳麓区 麓山南路 2 号')) v(ext, sku, qty, price, buyer,
                                                city, line1)
  LOOP
    PERFORM ord_intake_doc('SY-SHOP', jsonb_build_object(
      'external_id', r.ext, 'currency', 'CNY', 'channel', 'demo',
      'customer', jsonb_build_object('name', r.buyer),
      'ship_to', jsonb_build_object('name', r.buyer, 'line1', r.line1,
        'city', r.city, 'country_code', 'CN'),
      'shipping_amount', '0',
      'lines', jsonb_build_array(jsonb_build_object('sku', r.sku,
        'qty', r.qty, 'unit_price', r.price::text))), NULL, 'demo');
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
