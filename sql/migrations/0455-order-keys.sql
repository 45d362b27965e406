-- Distribution keys of the order tables (issue 25 item 7, the schema
-- half; after 0450 and 0451 for the warehouse side; docs/scale.md
-- "Sharding later").
--
-- Orders are distributed by store: sales_order.store_id, which the
-- (store_id, external_id) rule already carries. The order and the rows
-- that belong to one order carry store_id in their primary key and in
-- every unique index, so a sharded setup (Citus) can co-locate them:
--   sales_order       PRIMARY KEY (store_id, id); (store_id, external_id)
--                     stays; the replacement order of a return is unique
--                     per (store_id, rma_id) (a return's replacement is
--                     made in the return's order's store).
--   order_line        PRIMARY KEY (store_id, id), UNIQUE (store_id,
--                     order_id, line_no).
--   order_event, order_hold, order_ship_line
--                     PRIMARY KEY (store_id, id).
--   order_allocation  PRIMARY KEY (store_id, id), UNIQUE (store_id,
--                     line_id, warehouse_id).
-- store_id is new on the tree's tables: the order's, given by the writers
-- that hold it (the allocation) or filled by the BEFORE INSERT trigger
-- order_tree_fill (sql/procs/dist_keys.sql). The foreign keys to the
-- order (and the allocation's to its line) become composite on
-- (store_id, ...), which also makes a wrong store_id impossible.
--
-- sales_order (id) is no longer unique on its own, so every foreign key
-- to it from a table not keyed by store here goes: the warehouse side
-- (wave_order, pick_task, shipment, shipment_order, split_part,
-- fulfil_exception) shards by warehouse; returns and CRM (rma, rma_line's
-- key to order_line, feedback) and finance and channel tables
-- (settlement_line, invoice, order_service, channel_writeback) are not
-- keyed yet. Their columns stay, written in the same transaction as (or
-- after) the order they name; docs/scale.md lists them.
--
-- Lookups by id alone (an order, a line, a hold, an allocation) and
-- lines by order no longer match the front of a unique index: plain
-- indexes keep them one probe (a plain index may lack the distribution
-- key).
--
-- Conversion in place: one UPDATE per table fills the new column, then the
-- constraints are swapped.

ALTER TABLE wave_order DROP CONSTRAINT wave_order_order_id_fkey;
ALTER TABLE pick_task DROP CONSTRAINT pick_task_order_id_fkey;
ALTER TABLE shipment DROP CONSTRAINT shipment_order_id_fkey;
ALTER TABLE shipment_order DROP CONSTRAINT shipment_order_order_id_fkey;
ALTER TABLE split_part DROP CONSTRAINT split_part_order_id_fkey;
ALTER TABLE fulfil_exception DROP CONSTRAINT fulfil_exception_order_id_fkey;
ALTER TABLE rma
  DROP CONSTRAINT rma_order_id_fkey,
  DROP CONSTRAINT rma_exchange_order_id_fkey;
ALTER TABLE rma_line DROP CONSTRAINT rma_line_order_line_id_fkey;
ALTER TABLE feedback DROP CONSTRAINT feedback_order_id_fkey;
ALTER TABLE settlement_line DROP CONSTRAINT settlement_line_order_id_fkey;
ALTER TABLE invoice DROP CONSTRAINT invoice_order_id_fkey;
ALTER TABLE order_service DROP CONSTRAINT order_service_order_id_fkey;
ALTER TABLE channel_writeback DROP CONSTRAINT channel_writeback_order_id_fkey;

ALTER TABLE order_line
  DROP CONSTRAINT order_line_order_id_fkey,
  ADD COLUMN store_id bigint;
ALTER TABLE order_event
  DROP CONSTRAINT order_event_order_id_fkey,
  ADD COLUMN store_id bigint;
ALTER TABLE order_hold
  DROP CONSTRAINT order_hold_order_id_fkey,
  ADD COLUMN store_id bigint;
ALTER TABLE order_allocation
  DROP CONSTRAINT order_allocation_order_id_fkey,
  DROP CONSTRAINT order_allocation_line_id_fkey,
  ADD COLUMN store_id bigint;
ALTER TABLE order_ship_line
  DROP CONSTRAINT order_ship_line_order_id_fkey,
  ADD COLUMN store_id bigint;

UPDATE order_line x SET store_id = o.store_id
  FROM sales_order o WHERE o.id = x.order_id;
UPDATE order_event x SET store_id = o.store_id
  FROM sales_order o WHERE o.id = x.order_id;
UPDATE order_hold x SET store_id = o.store_id
  FROM sales_order o WHERE o.id = x.order_id;
UPDATE order_allocation x SET store_id = o.store_id
  FROM sales_order o WHERE o.id = x.order_id;
UPDATE order_ship_line x SET store_id = o.store_id
  FROM sales_order o WHERE o.id = x.order_id;

ALTER TABLE sales_order
  DROP CONSTRAINT sales_order_pkey,
  ADD PRIMARY KEY (store_id, id);
DROP INDEX sales_order_rma_idx;
CREATE UNIQUE INDEX sales_order_rma_idx ON sales_order (store_id, rma_id)
  WHERE rma_id IS NOT NULL;
CREATE INDEX sales_order_id_idx ON sales_order (id);
CREATE INDEX sales_order_rma_id_idx ON sales_order (rma_id)
  WHERE rma_id IS NOT NULL;

ALTER TABLE order_line
  ALTER COLUMN store_id SET NOT NULL,
  DROP CONSTRAINT order_line_pkey,
  DROP CONSTRAINT order_line_order_id_line_no_key,
  ADD PRIMARY KEY (store_id, id),
  ADD CONSTRAINT order_line_order_id_line_no_key
    UNIQUE (store_id, order_id, line_no),
  ADD CONSTRAINT order_line_order_fkey
    FOREIGN KEY (store_id, order_id) REFERENCES sales_order (store_id, id);
CREATE INDEX order_line_id_idx ON order_line (id);
CREATE INDEX order_line_order_idx ON order_line (order_id, line_no);
COMMENT ON COLUMN order_line.store_id IS
  'Distribution key: the order''s store (order_tree_fill sets it)';

ALTER TABLE order_event
  ALTER COLUMN store_id SET NOT NULL,
  DROP CONSTRAINT order_event_pkey,
  ADD PRIMARY KEY (store_id, id),
  ADD CONSTRAINT order_event_order_fkey
    FOREIGN KEY (store_id, order_id) REFERENCES sales_order (store_id, id);
COMMENT ON COLUMN order_event.store_id IS
  'Distribution key: the order''s store (order_tree_fill sets it)';

ALTER TABLE order_hold
  ALTER COLUMN store_id SET NOT NULL,
  DROP CONSTRAINT order_hold_pkey,
  ADD PRIMARY KEY (store_id, id),
  ADD CONSTRAINT order_hold_order_fkey
    FOREIGN KEY (store_id, order_id) REFERENCES sales_order (store_id, id);
CREATE INDEX order_hold_id_idx ON order_hold (id);
COMMENT ON COLUMN order_hold.store_id IS
  'Distribution key: the order''s store (order_tree_fill sets it)';

ALTER TABLE order_allocation
  ALTER COLUMN store_id SET NOT NULL,
  DROP CONSTRAINT order_allocation_pkey,
  DROP CONSTRAINT order_allocation_line_id_warehouse_id_key,
  ADD PRIMARY KEY (store_id, id),
  ADD CONSTRAINT order_allocation_line_id_warehouse_id_key
    UNIQUE (store_id, line_id, warehouse_id),
  ADD CONSTRAINT order_allocation_order_fkey
    FOREIGN KEY (store_id, order_id) REFERENCES sales_order (store_id, id),
  ADD CONSTRAINT order_allocation_line_fkey
    FOREIGN KEY (store_id, line_id) REFERENCES order_line (store_id, id);
CREATE INDEX order_allocation_id_idx ON order_allocation (id);
CREATE INDEX order_allocation_line_idx
  ON order_allocation (line_id, warehouse_id);
COMMENT ON COLUMN order_allocation.store_id IS
  'Distribution key: the order''s store (its writer or order_tree_fill '
  'sets it)';

ALTER TABLE order_ship_line
  ALTER COLUMN store_id SET NOT NULL,
  DROP CONSTRAINT order_ship_line_pkey,
  ADD PRIMARY KEY (store_id, id),
  ADD CONSTRAINT order_ship_line_order_fkey
    FOREIGN KEY (store_id, order_id) REFERENCES sales_order (store_id, id);
COMMENT ON COLUMN order_ship_line.store_id IS
  'Distribution key: the order''s store (order_tree_fill sets it)';
