-- Sales report (issue 21): a sale counts when its units ship, with the
-- cost of goods at the moving average of that moment, so revenue and cost
-- of goods always describe the same units. The shipping transaction
-- records each shipped line's cost (order_ship_line) and adds it to a
-- per-day rollup (sales_day), as the dashboard's tallies are kept.

CREATE TABLE order_ship_line (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_id  bigint NOT NULL REFERENCES shipment (id),
  order_id     bigint NOT NULL REFERENCES sales_order (id),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  qty          bigint NOT NULL CHECK (qty > 0),
  unit_price   numeric(14, 2) NOT NULL,
  unit_cost    numeric(14, 4) NOT NULL,
  shipped_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE order_ship_line IS
  'Units of an order that left with a shipment: the price they were sold at '
  'and their cost at that moment (the ship move''s unit_cost)';
COMMENT ON COLUMN order_ship_line.unit_price IS
  'The order line''s unit price (the first line of the SKU on the order)';
CREATE INDEX order_ship_line_order_idx ON order_ship_line (order_id);
CREATE INDEX order_ship_line_shipment_idx ON order_ship_line (shipment_id);

CREATE TABLE sales_day (
  store_id       bigint NOT NULL,
  warehouse_id   bigint NOT NULL,
  sku_id         bigint NOT NULL,
  day            date NOT NULL,
  currency       text NOT NULL,
  slot           smallint NOT NULL,
  orders         bigint NOT NULL DEFAULT 0,
  units          bigint NOT NULL DEFAULT 0,
  revenue        numeric(16, 2) NOT NULL DEFAULT 0,
  discounts      numeric(16, 2) NOT NULL DEFAULT 0,
  shipping       numeric(16, 2) NOT NULL DEFAULT 0,
  returns_units  bigint NOT NULL DEFAULT 0,
  returns_amount numeric(16, 2) NOT NULL DEFAULT 0,
  cogs           numeric(18, 4) NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, warehouse_id, sku_id, day, currency, slot)
);
COMMENT ON TABLE sales_day IS
  'Sales per store, warehouse, SKU, day shipped (the database''s TimeZone) and '
  'currency; a read sums the slots. sku_id 0 rows hold the order-level '
  'figures (orders, shipping charged), counted at an order''s first shipment';
COMMENT ON COLUMN sales_day.orders IS
  'sku_id 0: orders shipped for the first time; else orders with the SKU in '
  'a shipment';
COMMENT ON COLUMN sales_day.discounts IS
  'Always 0 today: orders carry no discount apart from their prices';
COMMENT ON COLUMN sales_day.returns_units IS
  'Units customers returned, added by rpt_sale_returned (the after-sales '
  'module''s hook); 0 until it calls it';
CREATE INDEX sales_day_day_idx ON sales_day (day);

ALTER TABLE purchasing_setting ADD COLUMN cost_currency text NOT NULL
  DEFAULT 'CNY' CHECK (cost_currency ~ '^[A-Z]{3}$');
COMMENT ON COLUMN purchasing_setting.cost_currency IS
  'The currency stock is valued in (receipt costs, moving averages, cost of '
  'goods): the sales report computes a margin only for sales in it';
