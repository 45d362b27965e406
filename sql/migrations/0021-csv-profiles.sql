-- Column mappings for order exports of shops that sell through Depot by
-- CSV (Taobao/Tmall, JD, Pinduoduo, Douyin): canonical field -> header.

CREATE TABLE csv_profile (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
  name       text NOT NULL,
  mapping    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE csv_profile IS
  'How to read one platform''s order export: {"columns": {field: header}, '
  '"defaults": {field: value}}. One row per order line; rows with the same '
  'external_id form one order';

INSERT INTO csv_profile (code, name, mapping) VALUES
('depot', 'Depot canonical columns', '{"columns": {
   "external_id": "external_id", "sku": "sku", "barcode": "barcode",
   "qty": "qty", "unit_price": "unit_price", "item_name": "item_name",
   "customer_name": "customer_name", "email": "email", "phone": "phone",
   "ship_name": "ship_name", "line1": "line1", "line2": "line2",
   "city": "city", "region": "region", "postcode": "postcode",
   "country_code": "country_code", "currency": "currency",
   "shipping_amount": "shipping_amount", "notes": "notes"},
  "defaults": {}}'),
('taobao', '淘宝/天猫 订单报表', '{"columns": {
   "external_id": "订单编号", "sku": "商家编码", "qty": "购买数量",
   "unit_price": "商品价格", "item_name": "宝贝标题",
   "customer_name": "买家会员名", "phone": "联系手机",
   "ship_name": "收货人姓名", "line1": "收货地址", "city": "收货地址",
   "notes": "买家留言"},
  "defaults": {"country_code": "CN", "currency": "CNY"}}'),
('jd', '京东 订单导出', '{"columns": {
   "external_id": "订单号", "sku": "商家SKU", "qty": "订购数量",
   "unit_price": "京东价", "item_name": "商品名称",
   "customer_name": "客户姓名", "phone": "联系电话",
   "ship_name": "客户姓名", "line1": "客户地址", "city": "客户地址",
   "notes": "订单备注"},
  "defaults": {"country_code": "CN", "currency": "CNY"}}'),
('pdd', '拼多多 订单导出', '{"columns": {
   "external_id": "订单号", "sku": "商家编码-SKU维度", "qty": "商品数量(件)",
   "unit_price": "商品单价", "item_name": "商品",
   "phone": "手机", "ship_name": "收货人", "line1": "详细地址",
   "region": "省", "city": "市", "notes": "商家备注"},
  "defaults": {"country_code": "CN", "currency": "CNY"}}'),
('douyin', '抖音小店 订单导出', '{"columns": {
   "external_id": "主订单编号", "sku": "商家编码", "qty": "商品数量",
   "unit_price": "商品单价", "item_name": "选购商品",
   "phone": "收件人手机号", "ship_name": "收件人", "line1": "详细地址",
   "region": "省", "city": "市", "notes": "买家留言"},
  "defaults": {"country_code": "CN", "currency": "CNY"}}');
