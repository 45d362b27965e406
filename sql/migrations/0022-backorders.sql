-- Finding backordered lines of a SKU quickly when its stock arrives.
CREATE INDEX order_line_backorder_idx ON order_line (sku_id)
  WHERE requires_shipping AND allocated_qty < qty;
