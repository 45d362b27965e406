-- Margin per order (issue 22 item 2): what a carton costs the business, so
-- an order's margin counts the packaging it shipped in beside the carrier's
-- price (shipment.cost, from the rate table at packing).
ALTER TABLE carton_type ADD COLUMN cost numeric(10, 2) NOT NULL DEFAULT 0
  CHECK (cost >= 0);
COMMENT ON COLUMN carton_type.cost IS
  'What one carton of this type costs (materials), in the cost currency '
  '(purchasing_setting.cost_currency); 0 until set';
-- wms_carton_type_put takes the cost now (sql/procs/wms_shipping_config.sql
-- creates the new signature; the old one goes).
DROP FUNCTION IF EXISTS wms_carton_type_put(text, text, integer, integer,
  boolean);
