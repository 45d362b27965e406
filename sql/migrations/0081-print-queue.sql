-- The print queue: a label is not sent from the request that closes its
-- carton but queued here in the same transaction and sent by a worker of
-- `depot serve` (web/web_print.c), retried with backoff, so a scan never
-- waits on a printer and a dead printer loses nothing.
CREATE TABLE print_job (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id    bigint NOT NULL REFERENCES warehouse (id),
  station         text NOT NULL REFERENCES station (code),
  printer         text NOT NULL CHECK (printer ~ '^[A-Za-z0-9.-]+:[0-9]{1,5}$'),
  kind            text NOT NULL CHECK (kind IN ('label', 'reprint')),
  payload         text NOT NULL,
  state           text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'printed', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_try_at     timestamptz NOT NULL DEFAULT now(),
  last_error      text NOT NULL DEFAULT '',
  carton_id       bigint REFERENCES carton (id),
  shipment_id     bigint REFERENCES shipment (id),
  idempotency_key text UNIQUE,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  printed_at      timestamptz
);
COMMENT ON TABLE print_job IS
  'A document for a station''s printer: queued, then printed or failed';
COMMENT ON COLUMN print_job.printer IS
  'host:port the ZPL goes to, copied from the station when queued';
COMMENT ON COLUMN print_job.kind IS
  'label: queued by the carton''s close (with the packing slip after the '
  'last carton); reprint: asked for again';
COMMENT ON COLUMN print_job.payload IS 'The raw ZPL sent to the printer';
COMMENT ON COLUMN print_job.attempts IS 'Sends tried so far (counted when leased)';
COMMENT ON COLUMN print_job.next_try_at IS
  'When a queued job is due; while a worker holds it, the end of its lease';
COMMENT ON COLUMN print_job.idempotency_key IS
  'A reprint''s key: asking again with it returns the same job';
CREATE INDEX print_job_due_idx ON print_job (next_try_at, id)
  WHERE state = 'queued';
CREATE INDEX print_job_station_idx ON print_job (station, id);
CREATE INDEX print_job_warehouse_idx ON print_job (warehouse_id, id);
