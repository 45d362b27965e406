-- Distribution keys for the warehouse tables that grow with the business
-- (issue 25 item 7, the schema half; docs/scale.md "Sharding later").
--
-- Design. The quants and the tables that hold them for orders --
-- stock_quant, reservation, reservation_line, pick_task -- carry
-- warehouse_id in their primary key and in every unique index, as
-- stock_move does since 0400, so a sharded setup (Citus) can distribute
-- them by warehouse, co-located with the moves:
--   stock_quant       PRIMARY KEY (warehouse_id, id); stock_quant_key
--                     (warehouse_id, sku_id, location_id, lot_id) keeps
--                     its name, so ON CONFLICT ON CONSTRAINT stock_quant_key
--                     still names it; the pick tasks' key target
--                     stock_quant_id_sku_location_key becomes
--                     (warehouse_id, id, sku_id, location_id). warehouse_id
--                     is new: the location's warehouse, given by the
--                     writers that know it (the scan path) or filled by the
--                     BEFORE INSERT trigger stock_quant_fill
--                     (sql/procs/dist_keys.sql). A foreign key on
--                     (warehouse_id, location_id) to location makes a wrong
--                     one impossible; it replaces the key on location_id
--                     and costs the same one probe per new quant.
--   reservation       PRIMARY KEY (warehouse_id, id) (it had warehouse_id).
--   reservation_line  PRIMARY KEY (warehouse_id, reservation_id, quant_id);
--                     warehouse_id is new (its reservation's).
--   pick_task         PRIMARY KEY (warehouse_id, id); warehouse_id is new
--                     (its reservation's).
-- Foreign keys between these tables become composite on (warehouse_id,
-- ...), so they stay inside one warehouse (one shard). order_allocation
-- has warehouse_id, so its key to reservation becomes composite as well.
-- order_line.reservation_id has no warehouse beside it: its foreign key is
-- dropped (a key on reservation (id) alone no longer exists); the column
-- stays, written in the same transaction as the reservation it names.
-- The keys used to look rows up by id (and quants by SKU and bin) no
-- longer start with those columns, so plain indexes keep those lookups one
-- probe: a unique index would break the rule, a plain one does not.
--
-- Conversion in place: one UPDATE per table fills the new column, then the
-- constraints are swapped. ADD COLUMN without a default is a catalog
-- change; the UPDATEs rewrite each row once.

ALTER TABLE pick_task
  DROP CONSTRAINT pick_task_quant_fkey,
  DROP CONSTRAINT pick_task_reservation_id_fkey,
  ADD COLUMN warehouse_id bigint;
ALTER TABLE reservation_line
  DROP CONSTRAINT reservation_line_quant_id_fkey,
  DROP CONSTRAINT reservation_line_reservation_id_fkey,
  ADD COLUMN warehouse_id bigint;
ALTER TABLE order_line DROP CONSTRAINT order_line_reservation_id_fkey;
ALTER TABLE order_allocation
  DROP CONSTRAINT order_allocation_reservation_id_fkey;
ALTER TABLE stock_quant
  DROP CONSTRAINT stock_quant_location_id_fkey,
  ADD COLUMN warehouse_id bigint;

UPDATE stock_quant q SET warehouse_id = l.warehouse_id
  FROM location l WHERE l.id = q.location_id;
UPDATE reservation_line rl SET warehouse_id = r.warehouse_id
  FROM reservation r WHERE r.id = rl.reservation_id;
UPDATE pick_task t SET warehouse_id = r.warehouse_id
  FROM reservation r WHERE r.id = t.reservation_id;

-- The target of stock_quant's key to its location.
ALTER TABLE location
  ADD CONSTRAINT location_warehouse_id_id_key UNIQUE (warehouse_id, id);

ALTER TABLE stock_quant
  ALTER COLUMN warehouse_id SET NOT NULL,
  DROP CONSTRAINT stock_quant_pkey,
  DROP CONSTRAINT stock_quant_key,
  DROP CONSTRAINT stock_quant_id_sku_location_key,
  ADD PRIMARY KEY (warehouse_id, id),
  ADD CONSTRAINT stock_quant_key
    UNIQUE NULLS NOT DISTINCT (warehouse_id, sku_id, location_id, lot_id),
  ADD CONSTRAINT stock_quant_id_sku_location_key
    UNIQUE (warehouse_id, id, sku_id, location_id),
  ADD CONSTRAINT stock_quant_location_fkey
    FOREIGN KEY (warehouse_id, location_id)
    REFERENCES location (warehouse_id, id);
CREATE INDEX stock_quant_id_idx ON stock_quant (id);
CREATE INDEX stock_quant_sku_idx ON stock_quant (sku_id, location_id, lot_id);
COMMENT ON COLUMN stock_quant.warehouse_id IS
  'Distribution key: the location''s warehouse (the writer or stock_quant_fill sets it)';

ALTER TABLE reservation
  DROP CONSTRAINT reservation_pkey,
  ADD PRIMARY KEY (warehouse_id, id);
CREATE INDEX reservation_id_idx ON reservation (id);

ALTER TABLE reservation_line
  ALTER COLUMN warehouse_id SET NOT NULL,
  DROP CONSTRAINT reservation_line_pkey,
  ADD PRIMARY KEY (warehouse_id, reservation_id, quant_id),
  ADD CONSTRAINT reservation_line_reservation_fkey
    FOREIGN KEY (warehouse_id, reservation_id)
    REFERENCES reservation (warehouse_id, id),
  ADD CONSTRAINT reservation_line_quant_fkey
    FOREIGN KEY (warehouse_id, quant_id)
    REFERENCES stock_quant (warehouse_id, id);
CREATE INDEX reservation_line_reservation_idx
  ON reservation_line (reservation_id, quant_id);
COMMENT ON COLUMN reservation_line.warehouse_id IS
  'Distribution key: the warehouse of the reservation and of the quant';

ALTER TABLE pick_task
  ALTER COLUMN warehouse_id SET NOT NULL,
  DROP CONSTRAINT pick_task_pkey,
  ADD PRIMARY KEY (warehouse_id, id),
  ADD CONSTRAINT pick_task_reservation_fkey
    FOREIGN KEY (warehouse_id, reservation_id)
    REFERENCES reservation (warehouse_id, id),
  ADD CONSTRAINT pick_task_quant_fkey
    FOREIGN KEY (warehouse_id, quant_id, sku_id, bin_id)
    REFERENCES stock_quant (warehouse_id, id, sku_id, location_id);
CREATE INDEX pick_task_id_idx ON pick_task (id);
COMMENT ON COLUMN pick_task.warehouse_id IS
  'Distribution key: the warehouse of the reservation, the quant and the list';

ALTER TABLE order_allocation
  ADD CONSTRAINT order_allocation_reservation_fkey
    FOREIGN KEY (warehouse_id, reservation_id)
    REFERENCES reservation (warehouse_id, id);
