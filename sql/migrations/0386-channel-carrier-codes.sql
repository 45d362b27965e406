-- The platforms' codes of Depot's carriers (issue 27 item 3): the
-- shipment write-back names the logistics company as each platform knows
-- it — Pinduoduo by its numeric logistics_id, Douyin by its company_code,
-- JD by its numeric logiCoprId. Seeded from the platforms' published
-- company lists as public clients quote them (sources per platform
-- below); a seller overrides one carrier per platform with
-- carrier.platform_codes (a contract carrier, or a code the list lacks).
-- Taobao's company codes are Depot's own (ZTO, YTO, SF …): none seeded.
CREATE TABLE channel_carrier_code (
  channel       text NOT NULL
                CHECK (channel IN ('taobao', 'jd', 'pinduoduo', 'douyin')),
  carrier       text NOT NULL CHECK (carrier ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  platform_code text NOT NULL CHECK (platform_code ~ '^[0-9A-Za-z_-]{1,40}$'),
  name          text NOT NULL DEFAULT '',
  PRIMARY KEY (channel, carrier)
);
COMMENT ON TABLE channel_carrier_code IS
  'Built-in platform code of a Depot carrier code per marketplace (Pinduoduo logistics_id, Douyin company_code, JD logiCoprId); carrier.platform_codes overrides it';
COMMENT ON COLUMN channel_carrier_code.carrier IS
  'Depot''s carrier code (carrier.code; no foreign key: a code is seeded before the seller creates that carrier)';
COMMENT ON COLUMN channel_carrier_code.platform_code IS
  'What the platform''s shipment API takes for this company';

-- Pinduoduo: shipping_id of pdd.logistics.companies.get (the list's
-- answer as a public client keeps it: wowotou payservice PddMmsMOdel).
-- Douyin: company_code of order.logisticsCompanyList (codes as public
-- clients list them for 抖店: zhowdom/whale-admin-web src/utils/mss.js).
-- JD: logiCoprId of JOS's merchant logistics companies (a public JOS
-- client's table of common ids; SF 467 and EMS 465 as other clients use).
INSERT INTO channel_carrier_code (channel, carrier, platform_code, name)
VALUES
  ('pinduoduo', 'STO', '1', '申通快递'),
  ('pinduoduo', 'SF', '44', '顺丰快递'),
  ('pinduoduo', 'YTO', '85', '圆通快递'),
  ('pinduoduo', 'ZTO', '115', '中通快递'),
  ('pinduoduo', 'EMS', '118', '邮政EMS'),
  ('pinduoduo', 'JD', '120', '京东配送'),
  ('pinduoduo', 'YUNDA', '121', '韵达快递'),
  ('pinduoduo', 'DBL', '131', '德邦快递'),
  ('douyin', 'STO', 'shentong', '申通'),
  ('douyin', 'SF', 'shunfeng', '顺丰'),
  ('douyin', 'YTO', 'yuantong', '圆通'),
  ('douyin', 'ZTO', 'zhongtong', '中通'),
  ('douyin', 'EMS', 'ems', 'EMS'),
  ('douyin', 'JD', 'jd', '京东物流'),
  ('douyin', 'YUNDA', 'yunda', '韵达'),
  ('douyin', 'JTSD', 'jtexpress', '极兔速递'),
  ('douyin', 'DBL', 'debangkuaidi', '德邦'),
  ('jd', 'STO', '470', '申通快递'),
  ('jd', 'SF', '467', '顺丰速运'),
  ('jd', 'YTO', '463', '圆通速递'),
  ('jd', 'ZTO', '1499', '中通快递'),
  ('jd', 'EMS', '465', '邮政EMS'),
  ('jd', 'JD', '2087', '京东快递'),
  ('jd', 'YUNDA', '1327', '韵达快递'),
  ('jd', 'DBL', '3046', '德邦快递');

ALTER TABLE carrier
  ADD COLUMN platform_codes jsonb NOT NULL DEFAULT '{}'
    CHECK (jsonb_typeof(platform_codes) = 'object');
COMMENT ON COLUMN carrier.platform_codes IS
  'The seller''s own code of this carrier per marketplace ({"pinduoduo":"115","douyin":"zhongtong","jd":"1499"}); overrides channel_carrier_code';
