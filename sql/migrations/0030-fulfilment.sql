-- Fulfilment: waves and pick lists, totes, packing into cartons, carriers
-- and shipments, and the exceptions desk for the lead.

-- Totes are real locations: picked units live in them until they ship.
ALTER TABLE location
  DROP CONSTRAINT location_kind_check,
  ADD CONSTRAINT location_kind_check CHECK (kind IN ('bin', 'tote', 'supplier',
    'customer', 'adjustment', 'in_transit', 'scrap')),
  DROP CONSTRAINT location_check,
  ADD CONSTRAINT location_check CHECK (kind IN ('bin', 'tote') OR code LIKE '@%'),
  DROP CONSTRAINT location_check1,
  ADD CONSTRAINT location_check1 CHECK (implicit OR kind NOT IN ('bin', 'tote')
    OR code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$');
COMMENT ON TABLE stock_quant IS
  'Units of one SKU (and lot) in one real location: bins, totes and in-transit; '
  'virtual sources and sinks (supplier, customer, adjustment, scrap) have none';

ALTER TABLE sales_order
  ADD COLUMN priority smallint NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 9);
COMMENT ON COLUMN sales_order.priority IS
  '0 normal .. 9 most urgent: waves take urgent orders first';
CREATE INDEX sales_order_wave_idx ON sales_order (warehouse_id, priority DESC,
  created_at) WHERE state = 'allocated';

ALTER TABLE warehouse
  ADD COLUMN weight_tolerance_pct numeric(5, 2) NOT NULL DEFAULT 5
    CHECK (weight_tolerance_pct BETWEEN 0 AND 100),
  ADD COLUMN weight_tolerance_g integer NOT NULL DEFAULT 20
    CHECK (weight_tolerance_g >= 0);
COMMENT ON COLUMN warehouse.weight_tolerance_pct IS
  'A carton may weigh this much more or less than expected (or the grams, '
  'whichever is larger) before packing refuses it';

CREATE TABLE wave (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  filters      jsonb NOT NULL DEFAULT '{}',
  batch_size   integer NOT NULL CHECK (batch_size BETWEEN 1 AND 100),
  zone_picking boolean NOT NULL DEFAULT false,
  created_by   bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  done_at      timestamptz
);
COMMENT ON TABLE wave IS 'Allocated orders released to the floor together';

CREATE TABLE picklist (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  wave_id      bigint NOT NULL REFERENCES wave (id),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  zone_id      bigint REFERENCES zone (id),
  batch_no     integer NOT NULL,
  state        text NOT NULL DEFAULT 'open'
               CHECK (state IN ('open', 'claimed', 'done')),
  picker_id    bigint REFERENCES app_user (id),
  claimed_at   timestamptz,
  done_at      timestamptz,
  step         text NOT NULL DEFAULT 'bin' CHECK (step IN ('bin', 'item')),
  hand_qty     bigint NOT NULL DEFAULT 0 CHECK (hand_qty >= 0),
  hand_lot_id  bigint REFERENCES lot (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (state <> 'claimed' OR picker_id IS NOT NULL),
  CHECK (state <> 'open' OR picker_id IS NULL)
);
COMMENT ON TABLE picklist IS
  'One walk of one picker: the tasks of a batch of orders (one tote each), '
  'or of one zone of it when the wave picks by zone';
COMMENT ON COLUMN picklist.step IS
  'What the terminal scans next at the current task: its bin, or items '
  '(and then the tote)';
COMMENT ON COLUMN picklist.hand_qty IS
  'Units scanned from the bin but not yet confirmed into the tote';
CREATE INDEX picklist_queue_idx ON picklist (warehouse_id, id)
  WHERE state = 'open';
CREATE INDEX picklist_wave_idx ON picklist (wave_id);

CREATE TABLE wave_order (
  wave_id      bigint NOT NULL REFERENCES wave (id),
  order_id     bigint NOT NULL REFERENCES sales_order (id),
  batch_no     integer NOT NULL,
  tote_id      bigint REFERENCES location (id),
  PRIMARY KEY (wave_id, order_id)
);
COMMENT ON TABLE wave_order IS 'The orders of a wave and the tote each fills';
COMMENT ON COLUMN wave_order.tote_id IS
  'Bound by the first tote scan of the order in the wave';
CREATE INDEX wave_order_order_idx ON wave_order (order_id);

CREATE TABLE pick_task (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  picklist_id    bigint NOT NULL REFERENCES picklist (id),
  order_id       bigint NOT NULL REFERENCES sales_order (id),
  reservation_id bigint NOT NULL REFERENCES reservation (id),
  quant_id       bigint NOT NULL REFERENCES stock_quant (id),
  sku_id         bigint NOT NULL REFERENCES sku (id),
  lot_id         bigint REFERENCES lot (id),
  bin_id         bigint NOT NULL REFERENCES location (id),
  seq            integer NOT NULL,
  qty            bigint NOT NULL CHECK (qty > 0),
  picked_qty     bigint NOT NULL DEFAULT 0 CHECK (picked_qty >= 0),
  state          text NOT NULL DEFAULT 'open'
                 CHECK (state IN ('open', 'done', 'short', 'cancelled')),
  CHECK (picked_qty <= qty)
);
COMMENT ON TABLE pick_task IS
  'Take qty of a SKU (and lot) from a bin for one order''s reservation';
COMMENT ON COLUMN pick_task.seq IS 'The bin''s pick sequence: the walking order';
CREATE INDEX pick_task_list_idx ON pick_task (picklist_id, seq, id)
  WHERE state = 'open';
CREATE INDEX pick_task_order_idx ON pick_task (order_id);

-- Responses of floor scans by idempotency key: a replay returns the first.
CREATE TABLE floor_scan (
  idempotency_key text PRIMARY KEY
                  CHECK (length(idempotency_key) BETWEEN 1 AND 128),
  kind            text NOT NULL,
  ref_id          bigint NOT NULL,
  request         jsonb NOT NULL,
  response        jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE floor_scan IS
  'Pick, pack and ship confirmations by key: a retry after a lost reply '
  'gets the first answer and changes nothing';

CREATE TABLE carrier (
  code            text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  tracking_prefix text NOT NULL DEFAULT '' CHECK (tracking_prefix ~ '^[A-Z0-9]{0,8}$'),
  tracking_suffix text NOT NULL DEFAULT '' CHECK (tracking_suffix ~ '^[A-Z0-9]{0,8}$'),
  tracking_digits integer NOT NULL CHECK (tracking_digits BETWEEN 4 AND 20),
  check_digit     text NOT NULL DEFAULT 'none'
                  CHECK (check_digit IN ('none', 'mod10', 's10')),
  tracking_next   bigint NOT NULL CHECK (tracking_next >= 0),
  tracking_last   bigint NOT NULL,
  transit_days    integer NOT NULL DEFAULT 2 CHECK (transit_days BETWEEN 0 AND 60),
  active          boolean NOT NULL DEFAULT true,
  CHECK (tracking_last >= tracking_next - 1),
  CHECK (check_digit <> 's10' OR tracking_digits = 8)
);
COMMENT ON TABLE carrier IS
  'A carrier and its tracking-number range: prefix, digits (+ check digit), suffix';
COMMENT ON COLUMN carrier.check_digit IS
  'mod10: GS1 weights 3-1; s10: UPU S10 (8 digits, weights 8 6 4 2 3 5 9 7)';

CREATE TABLE carrier_rate (
  carrier      text NOT NULL REFERENCES carrier (code),
  zone         text NOT NULL CHECK (zone IN ('local', 'domestic', 'international')),
  max_weight_g integer NOT NULL CHECK (max_weight_g > 0),
  price        numeric(10, 2) NOT NULL CHECK (price >= 0),
  PRIMARY KEY (carrier, zone, max_weight_g)
);
COMMENT ON TABLE carrier_rate IS
  'Price of a parcel up to max_weight_g into a zone (same region, same country, abroad)';

CREATE TABLE holiday (
  day  date PRIMARY KEY,
  name text NOT NULL DEFAULT ''
);
COMMENT ON TABLE holiday IS
  'Days carriers do not move parcels, besides weekends: delivery estimates skip them';

CREATE TABLE carton_type (
  code         text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  name         text NOT NULL DEFAULT '',
  tare_g       integer NOT NULL CHECK (tare_g >= 0),
  max_weight_g integer CHECK (max_weight_g > 0),
  active       boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE carton_type IS 'Boxes the packing stations use; tare counts in the expected weight';

CREATE TABLE station (
  code         text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  printer      text NOT NULL DEFAULT ''
               CHECK (printer = '' OR printer ~ '^[A-Za-z0-9.-]+:[0-9]{1,5}$')
);
COMMENT ON TABLE station IS 'A packing station; its label printer takes raw ZPL on host:port';

CREATE SEQUENCE sscc_serial MINVALUE 1 MAXVALUE 999999999;
CREATE TABLE gs1_company (
  only_row       boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  company_prefix text NOT NULL CHECK (company_prefix ~ '^[0-9]{7,10}$'),
  extension      text NOT NULL DEFAULT '0' CHECK (extension ~ '^[0-9]$')
);
COMMENT ON TABLE gs1_company IS 'The GS1 company prefix that SSCCs of cartons are built from';
INSERT INTO gs1_company (company_prefix) VALUES ('0614141');

CREATE TABLE shipment (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id     bigint NOT NULL REFERENCES sales_order (id),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  carrier      text REFERENCES carrier (code),
  zone         text NOT NULL DEFAULT 'domestic',
  state        text NOT NULL DEFAULT 'packing' CHECK (state IN ('packing',
                 'packed', 'shipped', 'delivered', 'cancelled')),
  track_token  text NOT NULL UNIQUE CHECK (length(track_token) >= 20),
  cost         numeric(10, 2),
  eta          date,
  station      text REFERENCES station (code),
  created_at   timestamptz NOT NULL DEFAULT now(),
  packed_at    timestamptz,
  shipped_at   timestamptz,
  delivered_at timestamptz
);
COMMENT ON TABLE shipment IS 'What one warehouse sends for one order: one or more cartons';
COMMENT ON COLUMN shipment.track_token IS
  'Unguessable key of the public tracking page /track/{token}';
CREATE UNIQUE INDEX shipment_live_idx ON shipment (order_id, warehouse_id)
  WHERE state <> 'cancelled';

CREATE TABLE carton (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shipment_id     bigint NOT NULL REFERENCES shipment (id),
  seq             integer NOT NULL,
  carton_type     text NOT NULL REFERENCES carton_type (code),
  sscc            text NOT NULL UNIQUE CHECK (sscc ~ '^[0-9]{18}$'),
  state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  expected_g      integer,
  weight_g        integer,
  override_reason text NOT NULL DEFAULT '',
  tracking_no     text UNIQUE,
  label_zpl       text,
  closed_at       timestamptz,
  UNIQUE (shipment_id, seq),
  CHECK (state = 'open' OR (weight_g IS NOT NULL AND tracking_no IS NOT NULL))
);
COMMENT ON TABLE carton IS 'A box of a shipment, with its SSCC, weight, tracking number and label';

CREATE TABLE carton_item (
  carton_id bigint NOT NULL REFERENCES carton (id),
  sku_id    bigint NOT NULL REFERENCES sku (id),
  lot_id    bigint REFERENCES lot (id),
  qty       bigint NOT NULL CHECK (qty > 0),
  CONSTRAINT carton_item_key UNIQUE NULLS NOT DISTINCT (carton_id, sku_id, lot_id)
);
COMMENT ON TABLE carton_item IS 'Units verified by scan into a carton';

CREATE TABLE fulfil_exception (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  kind         text NOT NULL CHECK (kind IN ('short_pick', 'weight_mismatch',
                 'damaged', 'cancelled_after_pick')),
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
  order_id     bigint REFERENCES sales_order (id),
  picklist_id  bigint REFERENCES picklist (id),
  carton_id    bigint REFERENCES carton (id),
  location_id  bigint REFERENCES location (id),
  sku_id       bigint REFERENCES sku (id),
  lot_id       bigint REFERENCES lot (id),
  qty          bigint,
  detail       text NOT NULL DEFAULT '',
  created_by   bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  resolved_by  bigint,
  resolved_at  timestamptz,
  resolution   text NOT NULL DEFAULT ''
);
COMMENT ON TABLE fulfil_exception IS
  'The lead''s exceptions desk: what the floor could not finish, and how it was resolved';
CREATE INDEX fulfil_exception_open_idx ON fulfil_exception (warehouse_id, id)
  WHERE state = 'open';
CREATE UNIQUE INDEX fulfil_exception_weight_idx ON fulfil_exception (carton_id)
  WHERE kind = 'weight_mismatch' AND state = 'open';

ALTER TABLE outbox
  DROP CONSTRAINT outbox_kind_check,
  ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('stock_sync', 'shipment')),
  ALTER COLUMN sku_id DROP NOT NULL,
  ADD COLUMN payload jsonb,
  ADD CONSTRAINT outbox_shape CHECK ((kind = 'stock_sync') = (sku_id IS NOT NULL)
    AND (kind = 'shipment') = (payload IS NOT NULL));
COMMENT ON COLUMN outbox.payload IS
  'The message body for events (a shipment with its tracking numbers); '
  'stock sync reads the figure at delivery instead';

ALTER TABLE store ADD COLUMN events_url text NOT NULL DEFAULT ''
  CHECK (events_url = '' OR events_url ~ '^https?://');
COMMENT ON COLUMN store.events_url IS
  'Where order events (shipped, with tracking numbers) are POSTed; empty: none';
