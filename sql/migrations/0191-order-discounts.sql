-- Discounts (issue 21 item 1, issue 22 item 2): a platform order carries
-- its list prices and what the seller gave off them — a line's own
-- discount (a product coupon, 单品优惠) and the order's (a shop coupon or
-- 满减, 店铺优惠). Intake spreads the order's over its priced lines by
-- their value (ord_discount_spread), so every line holds its whole
-- discount; shipping gives each shipped unit its share. Revenue is counted
-- net of it (a commercial discount is never revenue), the sales report
-- shows it apart.
ALTER TABLE order_line ADD COLUMN discount numeric(14, 2) NOT NULL DEFAULT 0
  CHECK (discount >= 0);
COMMENT ON COLUMN order_line.discount IS
  'What the line''s units were sold below qty x unit_price: its own discount '
  'plus its share of the order''s; on a kit''s component lines (the kit '
  'line keeps 0)';

ALTER TABLE sales_order ADD COLUMN discount numeric(14, 2) NOT NULL DEFAULT 0
  CHECK (discount >= 0);
COMMENT ON COLUMN sales_order.discount IS
  'The order-level discount as the channel gave it (already spread over the '
  'lines'' discount: never subtract both)';

ALTER TABLE order_ship_line ADD COLUMN discount numeric(14, 2) NOT NULL
  DEFAULT 0 CHECK (discount >= 0);
COMMENT ON COLUMN order_ship_line.discount IS
  'The shipped units'' share of their order lines'' discount: over all '
  'shipments of an order the shares add up to the lines'' discount exactly';

COMMENT ON COLUMN sales_day.discounts IS
  'Discounts of the units shipped (order_ship_line.discount)';
