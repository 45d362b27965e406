-- Kits (组合商品) and platform SKU mapping (商家编码), issue 24 items 1-2.
-- A kit is a SKU of kind 'kit' made of components (plain SKUs); it has no
-- stock of its own: what it offers is worked out from its components
-- (sql/procs/kits.sql). An order line for a kit is kept as a line that is
-- never picked (requires_shipping false) plus one line per component,
-- which carry the units, the reservations and the revenue.

ALTER TABLE sku
  ADD COLUMN kind text NOT NULL DEFAULT 'item' CHECK (kind IN ('item', 'kit'));
COMMENT ON COLUMN sku.kind IS
  'item: counted in the ledger; kit: sold as a set of components '
  '(kit_component) and never stocked itself';

CREATE TABLE kit_component (
  kit_id       bigint NOT NULL REFERENCES sku (id),
  component_id bigint NOT NULL REFERENCES sku (id),
  qty          bigint NOT NULL CHECK (qty BETWEEN 1 AND 10000),
  position     integer NOT NULL,
  PRIMARY KEY (kit_id, component_id),
  CHECK (kit_id <> component_id)
);
COMMENT ON TABLE kit_component IS
  'What one unit of a kit is made of: qty units of each component '
  '(components are never kits themselves)';
COMMENT ON COLUMN kit_component.position IS 'Order of the components as entered';
CREATE INDEX kit_component_component_idx ON kit_component (component_id);

ALTER TABLE order_line
  ADD COLUMN kit_of integer,
  ADD COLUMN kit_sku_id bigint REFERENCES sku (id),
  ADD COLUMN kit_price numeric(14, 2),
  ADD COLUMN revenue numeric(14, 2),
  ADD COLUMN platform_sku text;
COMMENT ON COLUMN order_line.kit_of IS
  'A component line: line_no of the kit line it belongs to';
COMMENT ON COLUMN order_line.kit_sku_id IS 'A component line: its kit''s SKU';
COMMENT ON COLUMN order_line.kit_price IS
  'A kit line: the price of one kit as sold (its unit_price is 0: the '
  'revenue sits on the component lines)';
COMMENT ON COLUMN order_line.revenue IS
  'A component line: its share of the kit line''s total, split over the '
  'components by list price x qty (the last takes the rounding); '
  'unit_price is this over qty';
COMMENT ON COLUMN order_line.platform_sku IS
  'The channel''s code when it was resolved through the store''s SKU map';
CREATE INDEX order_line_kit_idx ON order_line (order_id, kit_of)
  WHERE kit_of IS NOT NULL;

CREATE TABLE store_sku_map (
  store_id     bigint NOT NULL REFERENCES store (id),
  platform_sku text NOT NULL CHECK (length(platform_sku) BETWEEN 1 AND 100),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  qty          bigint NOT NULL DEFAULT 1 CHECK (qty BETWEEN 1 AND 100000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, platform_sku)
);
COMMENT ON TABLE store_sku_map IS
  'A store''s platform codes (商家编码): an order line naming platform_sku '
  'means qty units of the SKU or kit sku_id (a 6-pack listing: qty 6)';
CREATE INDEX store_sku_map_sku_idx ON store_sku_map (sku_id);
