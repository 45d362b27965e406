-- Distribution keys of the floor's task tables (issue 25 item 7, the
-- schema half; after 0450 for the quants and reservations).
--
-- putaway_task and replenish_task already name their warehouse: the
-- primary key becomes (warehouse_id, id), and a plain index keeps lookups
-- by id alone one probe (a plain index may lack the distribution key).
-- rma_disposal.putaway_task_id pointed at putaway_task (id), which is no
-- longer unique on its own, and a disposal has no warehouse beside it (the
-- returns are distributed by store or owner): that foreign key is dropped.
-- The column stays, written in the same transaction as the task it names.

ALTER TABLE rma_disposal DROP CONSTRAINT rma_disposal_putaway_task_id_fkey;

ALTER TABLE putaway_task
  DROP CONSTRAINT putaway_task_pkey,
  ADD PRIMARY KEY (warehouse_id, id);
CREATE INDEX putaway_task_id_idx ON putaway_task (id);

ALTER TABLE replenish_task
  DROP CONSTRAINT replenish_task_pkey,
  ADD PRIMARY KEY (warehouse_id, id);
CREATE INDEX replenish_task_id_idx ON replenish_task (id);
