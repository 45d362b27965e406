-- After-sales (issue 19): return authorisations (RMA, 退货单) for shipped
-- orders, the units received back by scan, what became of them, and the
-- money paid back. The bound "returned never exceeds shipped minus already
-- returned" is kept by the procedures under a lock on the order
-- (sql/procs/rma.sql); the tables keep each figure within its own row.

CREATE TABLE rma (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number            text NOT NULL UNIQUE CHECK (number ~ '^RMA[0-9]+$'),
  order_id          bigint REFERENCES sales_order (id),
  store_id          bigint REFERENCES store (id),
  warehouse_id      bigint NOT NULL REFERENCES warehouse (id),
  customer_id       bigint REFERENCES customer (id),
  state             text NOT NULL DEFAULT 'authorized' CHECK (state IN
                      ('requested', 'authorized', 'receiving', 'received',
                       'closed', 'rejected')),
  resolution        text NOT NULL DEFAULT 'refund' CHECK (resolution IN
                      ('refund', 'exchange', 'reship')),
  origin            text NOT NULL DEFAULT 'office' CHECK (origin IN
                      ('office', 'channel', 'unannounced')),
  review_needed     boolean NOT NULL DEFAULT false,
  currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  note              text NOT NULL DEFAULT '',
  channel_refund_id text,
  exchange_order_id bigint REFERENCES sales_order (id),
  created_by        bigint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  closed_at         timestamptz,
  UNIQUE (store_id, channel_refund_id)
);
COMMENT ON TABLE rma IS
  'A return authorisation for one order; its warehouse is the one the goods come back to';
COMMENT ON COLUMN rma.origin IS
  'office: created in the back office; channel: from a marketplace refund; '
  'unannounced: goods arrived without one (received_without_rma)';
COMMENT ON COLUMN rma.review_needed IS
  'An unannounced return waits for the back office to confirm it';
CREATE INDEX rma_order_idx ON rma (order_id);
CREATE INDEX rma_list_idx ON rma (created_at DESC, id DESC);
CREATE INDEX rma_open_idx ON rma (warehouse_id, created_at)
  WHERE state IN ('requested', 'authorized', 'receiving', 'received');
CREATE SEQUENCE rma_number_seq START 100001;

CREATE TABLE rma_line (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rma_id          bigint NOT NULL REFERENCES rma (id),
  line_no         integer NOT NULL,
  order_line_id   bigint REFERENCES order_line (id),
  sku_id          bigint NOT NULL REFERENCES sku (id),
  qty             bigint NOT NULL CHECK (qty >= 0),
  received        bigint NOT NULL DEFAULT 0 CHECK (received >= 0),
  reason          text NOT NULL CHECK (reason IN ('damaged_in_transit',
                    'wrong_item', 'not_as_described', 'size_colour',
                    'changed_mind', 'quality_defect', 'missing_parts',
                    'other')),
  unit_price      numeric(14, 2) NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
  refunded        numeric(14, 2) NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  days_since_ship integer CHECK (days_since_ship >= 0),
  unexpected      boolean NOT NULL DEFAULT false,
  UNIQUE (rma_id, line_no),
  CHECK (received <= qty)
);
COMMENT ON TABLE rma_line IS
  'One SKU to come back: authorised qty, units received, why, and what it was paid';
COMMENT ON COLUMN rma_line.unexpected IS
  'Not on the order: accepted by a lead; its qty grows with what arrives';
CREATE INDEX rma_line_rma_idx ON rma_line (rma_id);
CREATE INDEX rma_line_sku_idx ON rma_line (sku_id);

CREATE TABLE rma_receipt (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rma_id      bigint NOT NULL REFERENCES rma (id),
  rma_line_id bigint NOT NULL REFERENCES rma_line (id),
  qty         bigint NOT NULL CHECK (qty > 0),
  condition   text NOT NULL CHECK (condition IN ('sellable', 'damaged',
                'defective')),
  lot_id      bigint REFERENCES lot (id),
  bin_id      bigint NOT NULL REFERENCES location (id),
  move_id     bigint NOT NULL REFERENCES stock_move (id),
  disposed    bigint NOT NULL DEFAULT 0 CHECK (disposed >= 0),
  user_id     bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (disposed <= qty)
);
COMMENT ON TABLE rma_receipt IS
  'Units received back into a returns bin (a ledger move from @CUSTOMER), '
  'in one condition; disposed counts those already restocked, quarantined, '
  'scrapped or sent to the supplier';
CREATE INDEX rma_receipt_rma_idx ON rma_receipt (rma_id);

CREATE TABLE rma_disposal (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rma_id         bigint NOT NULL REFERENCES rma (id),
  rma_receipt_id bigint NOT NULL REFERENCES rma_receipt (id),
  qty            bigint NOT NULL CHECK (qty > 0),
  action         text NOT NULL CHECK (action IN ('restock', 'quarantine',
                   'scrap', 'to_supplier')),
  to_location_id bigint REFERENCES location (id),
  move_id        bigint REFERENCES stock_move (id),
  putaway_task_id bigint REFERENCES putaway_task (id),
  supplier_return_id bigint REFERENCES supplier_return (id),
  user_id        bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (move_id IS NOT NULL OR putaway_task_id IS NOT NULL)
);
COMMENT ON TABLE rma_disposal IS
  'What became of received units: a move out of the returns bin, or a '
  'putaway task that will make it';
CREATE INDEX rma_disposal_rma_idx ON rma_disposal (rma_id);

CREATE TABLE rma_refund (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rma_id          bigint NOT NULL REFERENCES rma (id),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount          numeric(14, 2) NOT NULL CHECK (amount >= 0),
  shipping_refund numeric(14, 2) NOT NULL DEFAULT 0
                    CHECK (shipping_refund >= 0),
  method          text NOT NULL CHECK (method IN ('original', 'cash',
                    'store_credit')),
  reference       text NOT NULL DEFAULT '',
  channel_refund_id text,
  user_id         bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rma_id, channel_refund_id)
);
COMMENT ON TABLE rma_refund IS 'Money paid back on an RMA, in the order''s currency';
CREATE INDEX rma_refund_rma_idx ON rma_refund (rma_id);

CREATE TABLE rma_event (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rma_id     bigint NOT NULL REFERENCES rma (id),
  from_state text,
  to_state   text NOT NULL,
  code       text NOT NULL,
  params     jsonb NOT NULL DEFAULT '{}',
  user_id    bigint,
  request_id text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE rma_event IS
  'The RMA''s timeline; each event is also written to its order''s timeline';
CREATE INDEX rma_event_rma_idx ON rma_event (rma_id, id);
