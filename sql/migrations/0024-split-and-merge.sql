-- Orders that ship from several warehouses (split) and orders that ship
-- together (merge: same customer and address, where the store allows it).

ALTER TABLE store ADD COLUMN allow_merge boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN store.allow_merge IS
  'Orders of one customer to one address may ship together in one parcel';

ALTER TABLE sales_order ADD COLUMN merge_key text;
COMMENT ON COLUMN sales_order.merge_key IS
  'Same value: same customer, same address, a store that allows merging; '
  'allocated orders with one key and warehouse ship as one shipment';
CREATE INDEX sales_order_merge_idx ON sales_order (merge_key, warehouse_id)
  WHERE merge_key IS NOT NULL;

CREATE TABLE order_allocation (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id       bigint NOT NULL REFERENCES sales_order (id),
  line_id        bigint NOT NULL REFERENCES order_line (id),
  warehouse_id   bigint NOT NULL REFERENCES warehouse (id),
  reservation_id bigint NOT NULL REFERENCES reservation (id),
  qty            bigint NOT NULL CHECK (qty > 0),
  UNIQUE (line_id, warehouse_id)
);
COMMENT ON TABLE order_allocation IS
  'Units of an order line reserved in one warehouse: a line split over '
  'warehouses has several rows, one shipment per warehouse';
CREATE INDEX order_allocation_order_idx ON order_allocation (order_id);

INSERT INTO order_allocation (order_id, line_id, warehouse_id, reservation_id,
                              qty)
SELECT l.order_id, l.id, r.warehouse_id, r.id, l.allocated_qty
  FROM order_line l JOIN reservation r ON r.id = l.reservation_id
 WHERE l.allocated_qty > 0 AND r.state = 'active';
