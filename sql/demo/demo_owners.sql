-- Third-party warehousing for the demo (`depot demo seed`, issue 23 items
-- 1 and 2): two 3PL clients beside the company (the default owner SELF),
-- 华信电子 (HUAXIN) and 山野茶业 (SHANYE), each with two products, a store
-- of its own shipping from ZZ1 and stock in bins of a zone of their own
-- (3PL, one owner per bin: mixed_owners is off there; the docks and
-- staging zones of the demo allow mixed owners). The stock comes in as
-- adjustments through the ledger (wms_do_move), so the owner rules of
-- sql/procs/owner.sql apply as to any move. A second call adds nothing.
-- Returns how many products it made.
CREATE OR REPLACE FUNCTION demo_owners() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  wh bigint;
  z bigint;
  adj bigint;
  r record;
  m record;
  n integer := 0;
BEGIN
  SELECT id INTO wh FROM warehouse WHERE code = 'ZZ1';
  SELECT id INTO adj FROM location WHERE warehouse_id = wh AND code = '@ADJUST';
  IF wh IS NULL OR adj IS NULL OR EXISTS (SELECT 1 FROM owners
                                           WHERE code = 'HUAXIN') THEN
    RETURN 0;
  END IF;
  INSERT INTO owners (code, name, contact, billing_currency) VALUES
    ('HUAXIN', '华信电子（3PL 客户）', '王经理 138-0000-1234', 'CNY'),
    ('SHANYE', '山野茶业（3PL 客户）', 'ops@shanye-tea.example', 'CNY');
  INSERT INTO zone (warehouse_id, code, type, name)
  VALUES (wh, '3PL', 'reserve', '第三方仓储区') RETURNING id INTO z;
  INSERT INTO location (warehouse_id, zone_id, kind, code, pick_sequence)
  SELECT wh, z, 'bin', '3PL-0' || i,
         (SELECT coalesce(max(pick_sequence), 0) FROM location
           WHERE warehouse_id = wh) + i
    FROM generate_series(1, 4) AS i;
  INSERT INTO store (code, name, channel, warehouse_id, owner_id)
  SELECT v.code, v.name, 'api', wh, o.id
    FROM (VALUES ('HX-SHOP', '华信电子官方店', 'HUAXIN'),
                 ('SY-SHOP', '山野茶业旗舰店', 'SHANYE')) AS v (code, name, owner)
    JOIN owners o ON o.code = v.owner;
  FOR r IN SELECT * FROM (VALUES
      ('HX-USB-C01', '华信 USB-C 数据线 1m', 'electronics', 19.90, 6.20,
       'HUAXIN', '3PL-01', 120),
      ('HX-PWR-20K', '华信 20000mAh 移动电源', 'electronics', 149.00, 62.00,
       'HUAXIN', '3PL-02', 40),
      ('SY-TEA-LJ250', '山野 明前龙井 250g', 'tea', 268.00, 98.00,
       'SHANYE', '3PL-03', 60),
      ('SY-TEA-PE357', '山野 普洱饼茶 357g', 'tea', 188.00, 71.00,
       'SHANYE', '3PL-04', 30)) AS v (code, name, category, price, cost,
                                      owner, bin, qty)
  LOOP
    INSERT INTO sku (code, name, category, list_price, cost, owner_id)
    SELECT r.code, r.name, r.category, r.price, r.cost, o.id
      FROM owners o WHERE o.code = r.owner;
    SELECT * INTO m FROM wms_do_move(
      (SELECT id FROM sku WHERE code = r.code), NULL, adj,
      (SELECT id FROM location WHERE warehouse_id = wh AND code = r.bin),
      r.qty, 'adjustment', 'demo 3PL', '3PL client stock received', NULL,
      'demo', NULL);
    IF m.out_blocked OR m.out_capacity OR m.out_mixed THEN
      RAISE EXCEPTION 'demo 3PL stock: move refused for %', r.code;
    END IF;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
