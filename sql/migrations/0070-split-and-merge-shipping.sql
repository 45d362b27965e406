-- Split orders ship part by part, one shipment per warehouse; merged
-- orders (one merge key) ship together, one shipment for several orders.

ALTER TABLE sales_order
  DROP CONSTRAINT sales_order_state_check,
  ADD CONSTRAINT sales_order_state_check CHECK (state IN ('new', 'on_hold',
    'allocated', 'backordered', 'picking', 'packed', 'partially_shipped',
    'shipped', 'delivered', 'cancelled'));
COMMENT ON COLUMN sales_order.state IS
  'new -> on_hold | allocated | backordered -> picking -> packed -> shipped '
  '-> delivered; cancelled. A split order is partially_shipped from its '
  'first shipment until its last';

-- Late orders count partially shipped ones too: the index the dashboard
-- reads them by names the open states.
DROP INDEX sales_order_open_idx;
CREATE INDEX sales_order_open_idx ON sales_order (store_id, created_at)
  WHERE state IN ('new', 'on_hold', 'allocated', 'backordered', 'picking',
                  'packed', 'partially_shipped');

-- Packing finds a tote's orders (merge-key siblings share one) and a
-- pick checks a tote is free by the tote: bound rows only, so a wave's
-- insert (no tote yet) writes nothing here.
CREATE INDEX wave_order_tote_idx ON wave_order (tote_id)
  WHERE tote_id IS NOT NULL;

-- Which orders a shipment carries: one, or the merge-key siblings packed
-- into it. shipment.order_id stays the order it was opened for.
CREATE TABLE shipment_order (
  shipment_id bigint NOT NULL REFERENCES shipment (id),
  order_id    bigint NOT NULL REFERENCES sales_order (id),
  PRIMARY KEY (shipment_id, order_id)
);
COMMENT ON TABLE shipment_order IS
  'The orders one shipment carries: merged orders (one merge key) share one';
CREATE INDEX shipment_order_order_idx ON shipment_order (order_id);
INSERT INTO shipment_order (shipment_id, order_id)
SELECT id, order_id FROM shipment;

-- The parts of split orders (and of orders whose units all sit in another
-- warehouse than theirs) that wait for a wave in their warehouse. Waves
-- read these rows besides their own warehouse's allocated orders, so a
-- wave never scans the orders of other warehouses.
CREATE TABLE split_part (
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  order_id     bigint NOT NULL REFERENCES sales_order (id),
  PRIMARY KEY (warehouse_id, order_id)
);
COMMENT ON TABLE split_part IS
  'A warehouse''s part of an order allocated outside (or beside) its own '
  'warehouse, waiting for a wave there; the wave that takes it deletes it';
CREATE INDEX split_part_order_idx ON split_part (order_id);

-- An order becomes allocated (nothing of it waved yet): each of its parts
-- waits for a wave when it has units outside its own warehouse. A row
-- trigger whose WHEN is checked without calling it: a wave's 10,000-order
-- update (to picking) never runs it, an intake runs one probe.
CREATE FUNCTION split_part_queue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM order_allocation a
              WHERE a.order_id = NEW.id
                AND a.warehouse_id IS DISTINCT FROM NEW.warehouse_id) THEN
    -- A part that shipped already (the order was held and allocated
    -- again after it) has nothing left to wave.
    INSERT INTO split_part (warehouse_id, order_id)
    SELECT DISTINCT a.warehouse_id, a.order_id FROM order_allocation a
     WHERE a.order_id = NEW.id
       AND NOT EXISTS (SELECT 1 FROM shipment_order x
                         JOIN shipment sh ON sh.id = x.shipment_id
                        WHERE x.order_id = NEW.id
                          AND sh.warehouse_id = a.warehouse_id
                          AND sh.state IN ('shipped', 'delivered'))
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER sales_order_split_part
  AFTER UPDATE OF state ON sales_order FOR EACH ROW
  WHEN (NEW.state = 'allocated' AND OLD.state <> 'allocated')
  EXECUTE FUNCTION split_part_queue();

INSERT INTO split_part (warehouse_id, order_id)
SELECT DISTINCT a.warehouse_id, a.order_id
  FROM sales_order o JOIN order_allocation a ON a.order_id = o.id
 WHERE o.state = 'allocated'
   AND EXISTS (SELECT 1 FROM order_allocation b
                WHERE b.order_id = o.id
                  AND b.warehouse_id IS DISTINCT FROM o.warehouse_id);
