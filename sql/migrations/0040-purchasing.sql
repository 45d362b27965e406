-- Purchasing: suppliers and their SKUs, purchase orders with approval,
-- advance shipping notices, receipts with discrepancies, putaway tasks,
-- moving-average costs and returns to suppliers.

CREATE TABLE supplier (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9._-]{0,31}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  contact_name   text NOT NULL DEFAULT '',
  email          text NOT NULL DEFAULT '',
  phone          text NOT NULL DEFAULT '',
  currency       text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
  payment_terms  text NOT NULL DEFAULT '',
  lead_time_days integer NOT NULL DEFAULT 7 CHECK (lead_time_days BETWEEN 0 AND 365),
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE supplier IS 'Who we buy from';
COMMENT ON COLUMN supplier.lead_time_days IS
  'Promised days from sending a PO to its arrival: reorder points and performance use it';

CREATE TABLE supplier_sku (
  supplier_id   bigint NOT NULL REFERENCES supplier (id),
  sku_id        bigint NOT NULL REFERENCES sku (id),
  supplier_code text NOT NULL DEFAULT '',
  cost          numeric(14, 4) NOT NULL CHECK (cost >= 0),
  moq           bigint NOT NULL DEFAULT 1 CHECK (moq >= 1),
  pack_size     bigint NOT NULL DEFAULT 1 CHECK (pack_size >= 1),
  PRIMARY KEY (supplier_id, sku_id)
);
COMMENT ON TABLE supplier_sku IS
  'What a supplier sells us: its own code, cost, minimum order and pack size';

ALTER TABLE api_key ADD COLUMN supplier_id bigint REFERENCES supplier (id);
COMMENT ON COLUMN api_key.supplier_id IS
  'A supplier''s key: it reads only that supplier''s POs and posts its ASNs';

CREATE TABLE purchasing_setting (
  only_row           boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  admin_approval_above numeric(14, 2) CHECK (admin_approval_above >= 0),
  over_receipt_pct   numeric(5, 2) NOT NULL DEFAULT 5
                     CHECK (over_receipt_pct BETWEEN 0 AND 100)
);
COMMENT ON COLUMN purchasing_setting.admin_approval_above IS
  'POs worth more than this need an admin to approve; NULL: any approver';
COMMENT ON COLUMN purchasing_setting.over_receipt_pct IS
  'A PO line may be received up to this much over its quantity';
INSERT INTO purchasing_setting DEFAULT VALUES;

CREATE SEQUENCE purchase_order_number;
CREATE TABLE purchase_order (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number       text NOT NULL UNIQUE,
  supplier_id  bigint NOT NULL REFERENCES supplier (id),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  state        text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',
                 'submitted', 'approved', 'sent', 'partially_received',
                 'received', 'closed', 'cancelled')),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  note         text NOT NULL DEFAULT '',
  created_by   bigint,
  approved_by  bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  approved_at  timestamptz,
  sent_at      timestamptz,
  closed_at    timestamptz
);
COMMENT ON TABLE purchase_order IS
  'draft -> submitted -> approved -> sent -> partially_received -> received '
  '-> closed, or cancelled before anything arrives';
CREATE INDEX purchase_order_supplier_idx ON purchase_order (supplier_id, id);
CREATE INDEX purchase_order_state_idx ON purchase_order (state, id);

CREATE TABLE po_line (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  po_id         bigint NOT NULL REFERENCES purchase_order (id),
  line_no       integer NOT NULL,
  sku_id        bigint NOT NULL REFERENCES sku (id),
  qty           bigint NOT NULL CHECK (qty > 0),
  unit_cost     numeric(14, 4) NOT NULL CHECK (unit_cost >= 0),
  expected_date date NOT NULL,
  received_qty  bigint NOT NULL DEFAULT 0 CHECK (received_qty >= 0),
  damaged_qty   bigint NOT NULL DEFAULT 0 CHECK (damaged_qty >= 0),
  UNIQUE (po_id, line_no)
);
COMMENT ON TABLE po_line IS 'Ordered units of one SKU, expected by a date';
COMMENT ON COLUMN po_line.damaged_qty IS 'Arrived damaged: not taken into stock';
CREATE INDEX po_line_sku_idx ON po_line (sku_id);

CREATE TABLE asn (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  po_id       bigint NOT NULL REFERENCES purchase_order (id),
  reference   text NOT NULL CHECK (length(reference) BETWEEN 1 AND 64),
  ship_date   date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (po_id, reference)
);
COMMENT ON TABLE asn IS 'A supplier''s advance shipping notice for a PO';

CREATE TABLE asn_carton (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  asn_id      bigint NOT NULL REFERENCES asn (id),
  sscc        text NOT NULL UNIQUE CHECK (sscc ~ '^[0-9]{18}$'),
  received_at timestamptz
);
CREATE TABLE asn_line (
  carton_id bigint NOT NULL REFERENCES asn_carton (id),
  sku_id    bigint NOT NULL REFERENCES sku (id),
  lot       text,
  expiry    date,
  qty       bigint NOT NULL CHECK (qty > 0)
);
COMMENT ON TABLE asn_line IS 'What a notified carton holds: one scan of its SSCC receives it all';

CREATE TABLE receipt (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  po_id           bigint NOT NULL REFERENCES purchase_order (id),
  idempotency_key text UNIQUE,
  freight         numeric(14, 2) NOT NULL DEFAULT 0 CHECK (freight >= 0),
  duty            numeric(14, 2) NOT NULL DEFAULT 0 CHECK (duty >= 0),
  received_by     bigint,
  received_at     timestamptz NOT NULL DEFAULT now(),
  response        jsonb
);
COMMENT ON TABLE receipt IS
  'One receiving confirmation at the dock; its landed costs spread over its lines';

CREATE TABLE receipt_line (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  receipt_id  bigint NOT NULL REFERENCES receipt (id),
  po_line_id  bigint NOT NULL REFERENCES po_line (id),
  qty         bigint NOT NULL CHECK (qty >= 0),
  damaged     bigint NOT NULL DEFAULT 0 CHECK (damaged >= 0),
  lot_id      bigint REFERENCES lot (id),
  bin_id      bigint REFERENCES location (id),
  move_id     bigint REFERENCES stock_move (id),
  CHECK (qty + damaged > 0)
);

CREATE TABLE po_discrepancy (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  po_id      bigint NOT NULL REFERENCES purchase_order (id),
  po_line_id bigint NOT NULL REFERENCES po_line (id),
  kind       text NOT NULL CHECK (kind IN ('shortage', 'damage')),
  qty        bigint NOT NULL CHECK (qty > 0),
  note       text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE po_discrepancy IS
  'Damaged units at receipt, and units still missing when the PO closes';

CREATE TABLE putaway_task (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  receipt_id   bigint REFERENCES receipt (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  lot_id       bigint REFERENCES lot (id),
  from_bin_id  bigint NOT NULL REFERENCES location (id),
  suggested_bin_id bigint REFERENCES location (id),
  qty          bigint NOT NULL CHECK (qty > 0),
  done_qty     bigint NOT NULL DEFAULT 0 CHECK (done_qty >= 0),
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (done_qty <= qty)
);
COMMENT ON TABLE putaway_task IS
  'Received units waiting in a receiving bin to go to their storage bin';
CREATE INDEX putaway_task_open_idx ON putaway_task (warehouse_id, id)
  WHERE state = 'open';

CREATE TABLE sku_cost (
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  sku_id       bigint NOT NULL REFERENCES sku (id),
  avg_cost     numeric(14, 4) NOT NULL CHECK (avg_cost >= 0),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (warehouse_id, sku_id)
);
COMMENT ON TABLE sku_cost IS
  'Moving-average unit cost per warehouse, landed costs included';

CREATE TABLE supplier_return (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_id  bigint NOT NULL REFERENCES supplier (id),
  warehouse_id bigint NOT NULL REFERENCES warehouse (id),
  reason       text NOT NULL DEFAULT '',
  idempotency_key text UNIQUE,
  created_by   bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  response     jsonb
);
COMMENT ON TABLE supplier_return IS
  'Defective stock sent back: its lines move from bins to the supplier location';
