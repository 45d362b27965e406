-- Signed event webhooks (issue 23, item 6). Facts of the business (an
-- order allocated, stock moved, a refund made) are written as events by
-- AFTER triggers in the transaction of the fact (sql/procs/event_*.sql),
-- and fanned out to one delivery per subscription that wants the type.
-- A worker in `depot serve` (web/web_events.c) posts them, signed with
-- the subscription's secret, in order per resource, at least once.
CREATE TABLE webhook (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url        text NOT NULL CHECK (url ~ '^https?://[^ ]+$'
                                  AND length(url) <= 2000),
  events     text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 32),
  secret_pii bytea NOT NULL,
  pii_kv     smallint NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  owner_id   bigint,
  note       text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE webhook IS
  'Event subscriptions: where to POST which event types, signed with a secret';
COMMENT ON COLUMN webhook.events IS
  'Event types wanted (order.created, stock.changed, ...; "*" for all)';
COMMENT ON COLUMN webhook.secret_pii IS
  'Sealed signing secret (libsodium, as store.webhook_secret_pii); opened only in C, shown once on create';
COMMENT ON COLUMN webhook.pii_kv IS 'Key version of secret_pii';
COMMENT ON COLUMN webhook.owner_id IS
  'Stock owner whose events only it receives (3PL, issue 23 item 1); NULL: all. No owner table yet';
CREATE INDEX webhook_active_idx ON webhook USING gin (events) WHERE active;

CREATE TABLE event (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type          text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  resource_kind text NOT NULL,
  resource_id   bigint NOT NULL,
  data          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE event IS
  'Business events for webhooks, written in the transaction of the fact; only while some active subscription wants the type';
COMMENT ON COLUMN event.resource_kind IS
  'What the event is about (order, shipment, sku, purchase_order, rma, feedback): deliveries keep order per kind and id';
COMMENT ON COLUMN event.data IS 'The "data" object of the body sent';
CREATE INDEX event_created_idx ON event (created_at);

CREATE TABLE webhook_delivery (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id      bigint NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
  event_id        bigint NOT NULL REFERENCES event (id),
  resource_kind   text NOT NULL,
  resource_id     bigint NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN
                    ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL DEFAULT now() + interval '24 hours',
  last_status     integer,
  last_body       text NOT NULL DEFAULT '',
  last_error      text NOT NULL DEFAULT '',
  last_attempt_at timestamptz,
  delivered_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id)
);
COMMENT ON TABLE webhook_delivery IS
  'One event for one subscription: pending until a 2xx answer (delivered) or 24 h of retries (failed)';
COMMENT ON COLUMN webhook_delivery.resource_kind IS
  'The event''s resource, copied: the worker sends no delivery while an earlier one of the same subscription and resource is pending';
COMMENT ON COLUMN webhook_delivery.next_attempt_at IS
  'When it is due; a worker that takes it moves this a minute on (its lease: one that dies mid-POST leaves it to another)';
COMMENT ON COLUMN webhook_delivery.expires_at IS
  'Retries with exponential backoff end here (24 h after it was made or redelivered): then failed';
COMMENT ON COLUMN webhook_delivery.last_status IS
  'HTTP status of the last attempt; NULL: no answer (connection refused, timeout)';
COMMENT ON COLUMN webhook_delivery.last_body IS
  'First 200 characters of the last answer''s body, or the connection error';
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX webhook_delivery_resource_idx
  ON webhook_delivery (webhook_id, resource_kind, resource_id, event_id)
  WHERE status = 'pending';
CREATE INDEX webhook_delivery_list_idx
  ON webhook_delivery (webhook_id, id DESC);
CREATE INDEX webhook_delivery_event_idx ON webhook_delivery (event_id);
