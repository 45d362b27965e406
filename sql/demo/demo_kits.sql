-- Kits and platform SKU mapping for the demo (`depot demo seed`, issue
-- 24): a gift set of a teapot and four cups (LL-GIFT-01, a kit with no
-- stock of its own), and on the Tmall store the platform codes of that
-- gift set and of a 6-pack of cups (one listing = 6 cups). Two Tmall
-- orders come in through the map, made by the real intake
-- (ord_intake_doc), so the order screens, the pick lists and the stock
-- list show kits as they would a real one. A second call adds nothing.
-- Returns how many orders it took in.
CREATE OR REPLACE FUNCTION demo_kits() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  e record;
  n integer := 0;
  tm bigint;
BEGIN
  SELECT id INTO tm FROM store WHERE code = 'TMALL';
  IF tm IS NULL OR EXISTS (SELECT 1 FROM sku WHERE code = 'LL-GIFT-01') THEN
    RETURN 0;
  END IF;
  INSERT INTO sku (code, name, category, unit, list_price, weight_kg)
  VALUES ('LL-GIFT-01', '醴陵釉下五彩 一壶四杯 礼盒', 'porcelain', '盒',
          498.00, 1.450);
  SELECT * INTO r FROM kit_define('LL-GIFT-01', 'kit', jsonb_build_array(
    jsonb_build_object('sku', 'LL-POT-01', 'qty', 1),
    jsonb_build_object('sku', 'LL-CUP-01', 'qty', 4)));
  IF r.out_error IS NOT NULL THEN
    RAISE EXCEPTION 'demo kit: % %', r.out_error, r.out_detail;
  END IF;
  INSERT INTO store_price (store_id, sku_id, price)
  SELECT tm, id, 498.00 FROM sku WHERE code = 'LL-GIFT-01'
  ON CONFLICT DO NOTHING;
  SELECT * INTO r FROM sku_map_save('TMALL', jsonb_build_array(
    jsonb_build_object('platform_sku', 'TM-6025118-GIFT', 'kit', 'LL-GIFT-01',
                       'qty', 1),
    jsonb_build_object('platform_sku', 'TM-6025118-CUP6', 'sku', 'LL-CUP-01',
                       'qty', 6)), 'rows');
  IF r.out_error IS NOT NULL THEN
    RAISE EXCEPTION 'demo sku map: % %', r.out_error, r.out_detail;
  END IF;
  -- The marketplace stores' listings with their platform ids (issue 27
  -- item 5): their stock push is queued and never sent, as no seller has
  -- authorised the demo's connections (no access token), so `make run`
  -- shows them "queued" and nothing leaves the machine.
  FOR r IN SELECT * FROM (VALUES
      ('TMALL-TOP', 'TM-6025118-CUP6', 'LL-CUP-01', 6, '652011834471',
       '4872690112345'),
      ('TMALL-TOP', 'TM-6025118-CUP', 'LL-CUP-01', 1, '652011834471',
       '4872690112346'),
      ('JD-POP', 'JD-100012345678', 'LL-CUP-01', 1, '10001234567',
       '100012345678'),
      ('PDD-SHOP', 'PDD-CUP-01', 'LL-CUP-01', 1, '328811234', '1204567'),
      ('DY-SHOP', 'DY-CUP-01', 'LL-CUP-01', 1, '3651234567890123456',
       '1765432109876543')) v(store, code, sku, qty, item, sku_id)
  LOOP
    IF EXISTS (SELECT 1 FROM store WHERE code = r.store) THEN
      SELECT * INTO e FROM sku_map_save(r.store, jsonb_build_array(
        jsonb_build_object('platform_sku', r.code, 'sku', r.sku,
          'qty', r.qty, 'platform_item_id', r.item,
          'platform_sku_id', r.sku_id)), 'rows');
      IF e.out_error IS NOT NULL THEN
        RAISE EXCEPTION 'demo listing: % %', e.out_error, e.out_detail;
      END IF;
    END IF;
  END LOOP;
  FOR r IN SELECT * FROM (VALUES
      ('TMALL-KIT-0001', 'TM-6025118-GIFT', 1, 498.00, '周丽', '长沙市',
       '湖南省 长沙市 天心区 解放西路 18 号'),
      ('TMALL-KIT-0002', 'TM-6025118-CUP6', 1, 388.00, '黄磊', '株洲市',
       '湖南省 株洲市 芦淞区 建设中路 9 号')) v(ext, code, qty, price,
       buyer, city, line1)
  LOOP
    PERFORM ord_intake_doc('TMALL', jsonb_build_object(
      'external_id', r.ext, 'currency', 'CNY', 'channel', 'demo',
      'customer', jsonb_build_object('name', r.buyer),
      'ship_to', jsonb_build_object('name', r.buyer, 'line1', r.line1,
        'city', r.city, 'country_code', 'CN', 'postcode', '412000'),
      'shipping_amount', '0',
      'lines', jsonb_build_array(jsonb_build_object('sku', r.code,
        'qty', r.qty, 'unit_price', r.price::text))), NULL, 'demo');
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
