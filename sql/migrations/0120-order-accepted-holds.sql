-- The back office accepts a price or a currency it has checked: a held
-- order whose price differs from the list (or is 0) or whose currency is
-- not the store's is released as it is, and the check does not hold it
-- again (ord_holds skips what was accepted).
ALTER TABLE order_line
  ADD COLUMN price_accepted boolean NOT NULL DEFAULT false;
ALTER TABLE sales_order
  ADD COLUMN currency_accepted boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN order_line.price_accepted IS
  'The back office accepted this line''s unit price: no zero_price or price_mismatch hold';
COMMENT ON COLUMN sales_order.currency_accepted IS
  'The back office accepted the order''s currency: no currency_mismatch hold';
