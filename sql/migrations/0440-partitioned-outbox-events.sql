-- Partitioned history, second part (issue 25 item 3): outbox, event and
-- webhook_delivery partitioned by month with part_convert (migration 0400),
-- every behaviour kept.
--
-- outbox (by created_at, PRIMARY KEY (id, created_at)). Its rule "one
-- pending message per kind, store and SKU" was the partial unique index
-- outbox_pending_idx, which a partitioned table cannot have (a unique
-- index needs the month, and the rule spans months). It moves to
-- outbox_pending: one row per undelivered message, UNIQUE (kind,
-- store_id, sku_id) (shipment messages have no SKU: NULLs are distinct,
-- so they never collide, as before). The BEFORE INSERT trigger
-- outbox_claim (sql/procs/outbox.sql) claims the key; a message whose key
-- is taken is skipped, exactly what ON CONFLICT ... DO NOTHING did,
-- concurrent inserts included (the second waits on the first's index
-- entry, then skips, or inserts if the first rolled back). outbox_follow
-- keeps next_attempt_at there and drops the row once the message is
-- delivered, so outbox_pending also serves the workers' claims: they pick
-- due rows there (FOR UPDATE SKIP LOCKED, one small index), whatever the
-- month of the message, and never look at the months of delivered ones.
-- The old partial due indexes go with it.
--
-- event (by created_at, PRIMARY KEY (id, created_at)) and webhook_delivery
-- (by event_at, PRIMARY KEY (id, event_at)). event_at is new: the time of
-- the delivery's event, the partition key of both, so a delivery lives in
-- its event's month and archiving a month takes both together. The old
-- UNIQUE (webhook_id, event_id) becomes UNIQUE (webhook_id, event_id,
-- event_at) and the key event_id -> event (id) becomes (event_id,
-- event_at) -> event (id, created_at): an event has one time, so both say
-- what they said before.
--
-- None of the three has a distribution key (part_table.dist_column NULL):
-- they are work queues claimed across all stores and warehouses in due
-- order (FOR UPDATE SKIP LOCKED), which a sharded table cannot serve in
-- one statement; they stay local to the coordinator (docs/scale.md).

-- The home of the pending rule, filled from the messages pending now.
CREATE TABLE outbox_pending (
  outbox_id       bigint PRIMARY KEY,
  created_at      timestamptz NOT NULL,
  kind            text NOT NULL,
  store_id        bigint NOT NULL,
  sku_id          bigint,
  next_attempt_at timestamptz NOT NULL,
  CONSTRAINT outbox_pending_key UNIQUE (kind, store_id, sku_id)
);
COMMENT ON TABLE outbox_pending IS
  'Undelivered outbox messages: one per kind, store and SKU (the rule outbox itself cannot hold across months), and the workers'' due queue; kept by the triggers outbox_claim and outbox_follow';
COMMENT ON COLUMN outbox_pending.created_at IS
  'The message''s created_at: its partition, so the worker updates it in its month only';
COMMENT ON COLUMN outbox_pending.next_attempt_at IS
  'Copy of outbox.next_attempt_at (outbox_follow keeps it): what the claims order and filter by';
CREATE INDEX outbox_pending_due_idx ON outbox_pending (next_attempt_at, outbox_id);
CREATE INDEX outbox_pending_channel_idx ON outbox_pending (next_attempt_at, outbox_id)
  WHERE kind = 'channel_stock';

INSERT INTO outbox_pending (outbox_id, created_at, kind, store_id, sku_id,
                            next_attempt_at)
SELECT id, created_at, kind, store_id, sku_id, next_attempt_at
  FROM outbox WHERE delivered_at IS NULL;

DROP INDEX outbox_pending_idx;
DROP INDEX outbox_due_idx;
DROP INDEX outbox_channel_due_idx;

SELECT part_convert('outbox', 'created_at', ARRAY['id', 'created_at'], NULL,
                    NULL);

-- Deliveries carry their event's time before either table moves.
ALTER TABLE webhook_delivery ADD COLUMN event_at timestamptz;
UPDATE webhook_delivery d SET event_at = e.created_at FROM event e
 WHERE e.id = d.event_id;
ALTER TABLE webhook_delivery ALTER COLUMN event_at SET NOT NULL,
  DROP CONSTRAINT webhook_delivery_webhook_id_event_id_key;
COMMENT ON COLUMN webhook_delivery.event_at IS
  'The event''s created_at: the partition key (a delivery lives in its event''s month) and half of the key to event';

-- event first: part_convert drops the key from webhook_delivery to it.
SELECT part_convert('event', 'created_at', ARRAY['id', 'created_at'], NULL,
                    NULL);
SELECT part_convert('webhook_delivery', 'event_at', ARRAY['id', 'event_at'],
                    NULL, NULL);

ALTER TABLE webhook_delivery
  ADD CONSTRAINT webhook_delivery_event_key
    UNIQUE (webhook_id, event_id, event_at),
  ADD CONSTRAINT webhook_delivery_event_fkey FOREIGN KEY (event_id, event_at)
    REFERENCES event (id, created_at);

-- The triggers outbox_claim and outbox_follow, and the writers without
-- their ON CONFLICT on the old index, are procedures (sql/procs/outbox.sql,
-- channel_stock.sql, kits.sql, event_common.sql), loaded right after this.
