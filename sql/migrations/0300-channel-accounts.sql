-- Platform connectors (issue 27): stores of the Chinese marketplaces, whose
-- orders Depot pulls from the platform's open API (no webhooks) and to
-- which it writes shipments back. Taobao/Tmall first (channels/
-- channel_taobao.c); jd, pinduoduo and douyin are accepted as channels so
-- their connectors plug into the same tables.
ALTER TABLE store
  DROP CONSTRAINT store_channel_check,
  ADD CONSTRAINT store_channel_check CHECK (channel IN ('shopify',
    'woocommerce', 'csv', 'api', 'manual', 'taobao', 'jd', 'pinduoduo',
    'douyin'));

CREATE TABLE channel_account (
  store_id         bigint PRIMARY KEY REFERENCES store (id),
  app_key          text NOT NULL CHECK (length(app_key) BETWEEN 1 AND 64),
  secret_pii       bytea NOT NULL,
  token_pii        bytea,
  refresh_pii      bytea,
  pii_kv           smallint NOT NULL,
  token_expires_at timestamptz,
  sign_method      text NOT NULL DEFAULT 'md5'
                   CHECK (sign_method IN ('md5', 'hmac')),
  base_url         text NOT NULL CHECK (base_url ~ '^https?://[^ ]+$'
                                        AND length(base_url) <= 500),
  cursor_at        timestamptz,
  pull_seconds     integer NOT NULL DEFAULT 300
                   CHECK (pull_seconds BETWEEN 5 AND 86400),
  page_size        integer NOT NULL DEFAULT 100
                   CHECK (page_size BETWEEN 1 AND 100),
  next_pull_at     timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  last_pull_at     timestamptz,
  last_ok_at       timestamptz,
  last_error       text NOT NULL DEFAULT '',
  pulled_day       date,
  pulled_today     integer NOT NULL DEFAULT 0,
  errors_today     integer NOT NULL DEFAULT 0,
  pulled_total     bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE channel_account IS
  'A marketplace store''s open-API credentials and its order pull''s state';
COMMENT ON COLUMN channel_account.secret_pii IS
  'The app secret, sealed with libsodium like webhook secrets (core_pii.c); opened only in C';
COMMENT ON COLUMN channel_account.token_pii IS
  'The seller''s access token (TOP: the session), sealed; NULL: not authorised';
COMMENT ON COLUMN channel_account.refresh_pii IS 'The refresh token, sealed; NULL if none';
COMMENT ON COLUMN channel_account.base_url IS
  'The platform''s API router (TOP: https://eco.taobao.com/router/rest); tests point it at a simulator';
COMMENT ON COLUMN channel_account.cursor_at IS
  'Orders modified up to this instant are in; the next pull starts one second after it';
COMMENT ON COLUMN channel_account.next_pull_at IS
  'When the worker pulls next; "pull now" sets it to now()';
COMMENT ON COLUMN channel_account.lease_until IS
  'A node pulling this store holds it until then (FOR UPDATE SKIP LOCKED lease): one node pulls a store at a time';
COMMENT ON COLUMN channel_account.pulled_today IS
  'Distinct orders taken in (new or changed) on pulled_day (Asia/Shanghai)';
COMMENT ON COLUMN channel_account.page_size IS
  'Orders per page of the platform''s incremental list (TOP: at most 100)';
CREATE INDEX channel_account_due_idx ON channel_account (next_pull_at);

-- One shipment of one order to tell the platform about (logistics
-- offline send): made by a trigger when the shipment ships, sent by the
-- worker with backoff.
CREATE TABLE channel_writeback (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id        bigint NOT NULL REFERENCES store (id),
  shipment_id     bigint NOT NULL REFERENCES shipment (id),
  order_id        bigint NOT NULL REFERENCES sales_order (id),
  carrier         text NOT NULL DEFAULT '',
  waybill         text NOT NULL DEFAULT '',
  sub_ids         text[] NOT NULL DEFAULT '{}',
  state           text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL DEFAULT now() + interval '24 hours',
  last_error      text NOT NULL DEFAULT '',
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shipment_id, order_id)
);
COMMENT ON TABLE channel_writeback IS
  'A shipped parcel to report to the order''s platform: carrier and waybill, retried until sent or failed';
COMMENT ON COLUMN channel_writeback.sub_ids IS
  'The platform''s line ids (order_line.external_line_id) this parcel carries when the order ships in several parcels; empty: the whole order';
COMMENT ON COLUMN channel_writeback.next_attempt_at IS
  'When it is due; a worker that takes it moves this a minute on (its lease)';
CREATE INDEX channel_writeback_due_idx ON channel_writeback (next_attempt_at)
  WHERE state = 'pending';
CREATE INDEX channel_writeback_store_idx ON channel_writeback (store_id, id DESC);

ALTER TABLE fulfil_exception
  DROP CONSTRAINT fulfil_exception_kind_check,
  ADD CONSTRAINT fulfil_exception_kind_check CHECK (kind IN ('short_pick',
    'weight_mismatch', 'damaged', 'cancelled_after_pick', 'count_shortage',
    'channel_writeback')),
  ADD COLUMN writeback_id bigint REFERENCES channel_writeback (id);
COMMENT ON COLUMN fulfil_exception.kind IS
  'short_pick, weight_mismatch, damaged, cancelled_after_pick, '
  'count_shortage; channel_writeback: the platform has not taken a '
  'shipment''s waybill after three attempts (or refused it)';
COMMENT ON COLUMN fulfil_exception.writeback_id IS
  'The write-back of a channel_writeback exception';
CREATE UNIQUE INDEX fulfil_exception_writeback_idx
  ON fulfil_exception (writeback_id) WHERE kind = 'channel_writeback'
  AND state = 'open';
