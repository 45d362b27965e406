-- Electronic waybills (电子面单, issue 27 item 4): a marketplace store's
-- account with the platform's waybill service per carrier (Cainiao for
-- Taobao/Tmall: cainiao.waybill.ii.get through the TOP router with the
-- store's channel credentials), and each carton's waybill from it. A
-- carrier without such an account keeps Depot's own tracking ranges.
CREATE TABLE waybill_account (
  store_id     bigint NOT NULL REFERENCES store (id),
  carrier      text NOT NULL REFERENCES carrier (code),
  cp_code      text NOT NULL CHECK (cp_code ~ '^[A-Za-z0-9_-]{1,20}$'),
  template_url text NOT NULL CHECK (template_url ~ '^https?://[^ ]+$'
                                    AND length(template_url) <= 500),
  sender       jsonb NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, carrier)
);
COMMENT ON TABLE waybill_account IS
  'A marketplace store''s e-waybill subscription for one carrier: at carton close Depot asks the platform''s waybill service for the number instead of taking one from the carrier''s range';
COMMENT ON COLUMN waybill_account.cp_code IS
  'The waybill service''s code of the carrier (Cainiao cp_code: ZTO, YTO, YUNDA, SF ...)';
COMMENT ON COLUMN waybill_account.template_url IS
  'The standard 100 x 180 mm cloud-print template the label follows (Cainiao template_url)';
COMMENT ON COLUMN waybill_account.sender IS
  'The sender as subscribed with the service: {name, mobile, phone, province, city, district, town, detail}';
COMMENT ON COLUMN waybill_account.active IS
  'false: the carrier goes back to Depot''s own tracking range for this store';

-- One carton's waybill. The row is written before the service is called
-- (state requested, with the stable object_id the service keys its
-- answer on), so a retried close or a retry after a crash asks again
-- with the same object_id and gets the same number.
CREATE TABLE carton_waybill (
  carton_id       bigint PRIMARY KEY REFERENCES carton (id),
  store_id        bigint NOT NULL REFERENCES store (id),
  carrier         text NOT NULL,
  cp_code         text NOT NULL,
  object_id       text NOT NULL UNIQUE,
  waybill_code    text,
  state           text NOT NULL DEFAULT 'requested'
                  CHECK (state IN ('requested', 'issued', 'cancelling',
                                   'cancelled', 'cancel_failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error      text NOT NULL DEFAULT '',
  requested_at    timestamptz NOT NULL DEFAULT now(),
  issued_at       timestamptz,
  cancelled_at    timestamptz,
  CHECK (state = 'requested' OR waybill_code IS NOT NULL)
);
COMMENT ON TABLE carton_waybill IS
  'A carton''s electronic waybill from the platform''s waybill service: requested before the call, issued with its number, cancelled with the service when the packed parcel is cancelled';
COMMENT ON COLUMN carton_waybill.object_id IS
  'The request id sent as object_id (depot-carton-<id>): the service answers a repeated one with the same waybill number';
COMMENT ON COLUMN carton_waybill.state IS
  'requested (asked, no answer stored yet), issued, cancelling (the worker cancels it with the service, retried with backoff), cancelled, cancel_failed (the service refused the cancel: on the exceptions desk)';
CREATE INDEX carton_waybill_due_idx ON carton_waybill (next_attempt_at)
  WHERE state = 'cancelling';

ALTER TABLE fulfil_exception
  DROP CONSTRAINT fulfil_exception_kind_check,
  ADD CONSTRAINT fulfil_exception_kind_check CHECK (kind IN ('short_pick',
    'weight_mismatch', 'damaged', 'cancelled_after_pick', 'count_shortage',
    'channel_writeback', 'waybill_cancel'));
COMMENT ON COLUMN fulfil_exception.kind IS
  'short_pick, weight_mismatch, damaged, cancelled_after_pick, '
  'count_shortage, channel_writeback; waybill_cancel: the waybill service '
  'has not cancelled a cancelled parcel''s waybill after three attempts '
  '(or refused to)';
CREATE UNIQUE INDEX fulfil_exception_waybill_idx
  ON fulfil_exception (carton_id) WHERE kind = 'waybill_cancel'
  AND state = 'open';
