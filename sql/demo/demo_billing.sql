-- 3PL billing for the demo (`depot demo seed`, issue 23 item 4), after
-- demo_owners: price lists for both 3PL clients (HUAXIN's rates change on
-- the 16th of last month, so its statement splits lines there; both price
-- inbound per carton and per pallet), a month of dated history
-- for 华信电子 (HUAXIN) last month, and its issued statement for that
-- month, so the owners screen's 对账单 has lines to drill into from the
-- first minute. The history is written as the floor leaves it: a receipt
-- of each HUAXIN product into its bin on the 2nd (ledger moves of reason
-- receipt), ten shipped orders of its store HX-SHOP spread over the month
-- (shipments in cartons S and M, moves of reason ship taking the same
-- units out again, so today's quants stay those demo_owners made) and
-- value-added services on three of them. A second call adds nothing.
-- Returns the statement's id (0 when there was nothing to do).
CREATE OR REPLACE FUNCTION demo_billing() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  m0 timestamptz := date_trunc('month', now()) - interval '1 month';
  wh bigint;
  sup bigint;
  cus bigint;
  st store%ROWTYPE;
  usb sku%ROWTYPE;
  pwr sku%ROWTYPE;
  oid bigint;
  sid bigint;
  at timestamptz;
  r record;
BEGIN
  SELECT id INTO wh FROM warehouse WHERE code = 'ZZ1';
  SELECT * INTO st FROM store WHERE code = 'HX-SHOP';
  SELECT * INTO usb FROM sku WHERE code = 'HX-USB-C01';
  SELECT * INTO pwr FROM sku WHERE code = 'HX-PWR-20K';
  IF wh IS NULL OR st.id IS NULL OR usb.id IS NULL OR pwr.id IS NULL
     OR EXISTS (SELECT 1 FROM billing_rules) THEN
    RETURN 0;
  END IF;
  -- The snapshots are a cache of the ledger; the demo's back-dated moves
  -- (its history, and this month below) make any day taken before them
  -- stale (a `depot serve` running while the demo is seeded takes them).
  DELETE FROM billing_stock_day;
  DELETE FROM billing_stock_run;
  SELECT id INTO sup FROM location WHERE warehouse_id = wh
                                     AND code = '@SUPPLIER';
  SELECT id INTO cus FROM location WHERE warehouse_id = wh
                                     AND code = '@CUSTOMER';
  -- Dimensions for storage by volume (SHANYE's list charges per m³-day).
  UPDATE sku SET length_cm = 12, width_cm = 8, height_cm = 3
   WHERE id = usb.id AND length_cm IS NULL;
  UPDATE sku SET length_cm = 15, width_cm = 8, height_cm = 3
   WHERE id = pwr.id AND length_cm IS NULL;
  UPDATE sku SET length_cm = 20, width_cm = 10, height_cm = 10
   WHERE code IN ('SY-TEA-LJ250', 'SY-TEA-PE357') AND length_cm IS NULL;
  PERFORM bill_rules_put('HUAXIN', '{
    "storage": {"mode": "unit_day", "price": 0.02},
    "inbound": {"per_unit": 0.30, "per_sscc": 5.00},
    "outbound": {"per_order": 2.50, "per_extra_line": 0.50, "per_unit": 0.20},
    "packaging": [{"carton_type": "S", "price": 0.80},
                  {"carton_type": "M", "price": 1.20},
                  {"carton_type": "L", "price": 2.00}],
    "services": [{"code": "labelling", "name": "贴标", "price": 0.20},
                 {"code": "kitting", "name": "组套", "price": 1.50},
                 {"code": "gift_wrap", "name": "礼品包装", "price": 3.00}]
  }'::jsonb, NULL, 'demo');
  -- A rate change from the 16th of last month (the statement splits its
  -- lines there), which also starts billing inbound per carton or pallet.
  PERFORM bill_rules_put('HUAXIN', '{
    "storage": {"mode": "unit_day", "price": 0.025},
    "inbound": {"per_unit": 0.30, "per_sscc": 5.00, "per_carton": 1.20,
                "per_pallet": 8.00},
    "outbound": {"per_order": 2.80, "per_extra_line": 0.50, "per_unit": 0.20},
    "packaging": [{"carton_type": "S", "price": 0.80},
                  {"carton_type": "M", "price": 1.20},
                  {"carton_type": "L", "price": 2.00}],
    "services": [{"code": "labelling", "name": "贴标", "price": 0.20},
                 {"code": "kitting", "name": "组套", "price": 1.50},
                 {"code": "gift_wrap", "name": "礼品包装", "price": 3.00}]
  }'::jsonb || jsonb_build_object('effective_from',
                 to_char(m0 + interval '15 days', 'YYYY-MM-DD')), NULL, 'demo');
  PERFORM bill_rules_put('SHANYE', '{
    "storage": {"mode": "m3_day", "price": 1.80},
    "inbound": {"per_unit": 0.25, "per_sscc": 4.00, "per_carton": 1.00,
                "per_pallet": 6.50},
    "outbound": {"per_order": 3.00, "per_extra_line": 0.60, "per_unit": 0.30},
    "packaging": [{"carton_type": "M", "price": 1.50}],
    "services": [{"code": "gift_wrap", "name": "礼品包装", "price": 4.00},
                 {"code": "labelling", "name": "贴标", "price": 0.25}]
  }'::jsonb, NULL, 'demo');
  -- The 2nd of last month: 150 cables and 40 power banks arrive.
  at := m0 + interval '1 day 9 hours';
  INSERT INTO stock_move (sku_id, qty, from_location_id, to_location_id,
    reason, document, created_at)
  SELECT v.sku, v.qty, sup, (SELECT id FROM location WHERE warehouse_id = wh
                                AND code = v.bin),
         'receipt', 'demo billing', at
    FROM (VALUES (usb.id, 150, '3PL-01'), (pwr.id, 40, '3PL-02'))
         AS v (sku, qty, bin);
  -- Ten orders, every third day from the 4th: 15 cables and 4 power banks
  -- each, shipped the same afternoon in one carton (S, or M for two
  -- power banks or more... every other order).
  FOR r IN SELECT g AS k FROM generate_series(1, 10) g LOOP
    at := m0 + make_interval(days => 3 * r.k, hours => 10);
    INSERT INTO sales_order (store_id, external_id, warehouse_id, state,
      currency, total, ship_to, content_hash, created_at, updated_at)
    VALUES (st.id, 'HX-' || to_char(m0, 'YYMM') || '-' || lpad(r.k::text, 3, '0'),
      wh, 'shipped', 'CNY', 15 * usb.list_price + 4 * pwr.list_price,
      jsonb_build_object('name', (ARRAY['王芳', '李娜', '张伟', '刘洋',
        '陈静'])[1 + r.k % 5], 'city', '株洲市', 'country_code', 'CN'),
      md5('demo billing ' || r.k), at, at + interval '6 hours')
    RETURNING id INTO oid;
    INSERT INTO order_line (order_id, line_no, sku_id, sku_code, name, qty,
      unit_price)
    VALUES (oid, 1, usb.id, usb.code, usb.name, 15, usb.list_price),
           (oid, 2, pwr.id, pwr.code, pwr.name, 4, pwr.list_price);
    INSERT INTO shipment (order_id, warehouse_id, state, track_token,
      created_at, packed_at, shipped_at)
    VALUES (oid, wh, 'shipped', md5(random()::text) || md5(oid::text),
      at + interval '2 hours', at + interval '3 hours',
      at + interval '5 hours')
    RETURNING id INTO sid;
    INSERT INTO shipment_order (shipment_id, order_id) VALUES (sid, oid);
    INSERT INTO carton (shipment_id, seq, carton_type, sscc)
    VALUES (sid, 1, CASE WHEN r.k % 2 = 0 THEN 'M' ELSE 'S' END,
            wms_next_sscc());
    INSERT INTO stock_move (sku_id, qty, from_location_id, to_location_id,
      reason, document, created_at)
    SELECT v.sku, v.qty, (SELECT id FROM location WHERE warehouse_id = wh
                             AND code = v.bin),
           cus, 'ship', 'HX-' || to_char(m0, 'YYMM') || '-'
                        || lpad(r.k::text, 3, '0'), at + interval '5 hours'
      FROM (VALUES (usb.id, 15, '3PL-01'), (pwr.id, 4, '3PL-02'))
           AS v (sku, qty, bin);
    IF r.k IN (2, 5, 9) THEN
      INSERT INTO order_service (order_id, service, qty, note, created_at)
      VALUES (oid, CASE r.k WHEN 2 THEN 'labelling' WHEN 5 THEN 'gift_wrap'
                            ELSE 'kitting' END,
              CASE r.k WHEN 2 THEN 19 ELSE 1 END,
              CASE r.k WHEN 2 THEN '贴中文标签' WHEN 5 THEN '节日礼盒'
                       ELSE '数据线+移动电源组套' END,
              at + interval '3 hours');
    END IF;
  END LOOP;
  SELECT (bill_statement_issue('HUAXIN', jsonb_build_object('month',
            to_char(m0, 'YYYY-MM')), NULL, 'demo')).out_doc->>'id'
    INTO sid;
  RETURN coalesce(sid, 0);
END $$;
