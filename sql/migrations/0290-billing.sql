-- 3PL billing (issue 23 item 4): what each stock owner pays, per month,
-- computed from the ledger. Rules per owner (versions, append-only),
-- value-added services recorded on orders, end-of-day stock snapshots per
-- SKU x bin (nightly, or computed from the ledger for any past day: both
-- give the same figure), issued statements with lines that name the facts
-- they charge for, and adjustments carried to the next statement.
-- Procedures and the immutability triggers: sql/procs/billing.sql.

CREATE TABLE billing_rules (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id   bigint NOT NULL REFERENCES owners (id),
  version    integer NOT NULL CHECK (version > 0),
  currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rules      jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, version)
);
COMMENT ON TABLE billing_rules IS
  'The price list of a 3PL client, one row per version (a PUT adds one; '
  'rows never change): the newest is in force, statements copy the one they used';
COMMENT ON COLUMN billing_rules.rules IS
  '{storage:{mode unit_day|m3_day|bin_day, price}, inbound:{per_unit, '
  'per_sscc}, outbound:{per_order, per_extra_line, per_unit}, '
  'packaging:[{carton_type, price}], services:[{code, name, price}]}; '
  'prices are numbers in the currency, at most 4 decimals';
COMMENT ON COLUMN billing_rules.currency IS
  'The owner''s billing_currency when the version was made';

CREATE TABLE order_service (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id        bigint NOT NULL REFERENCES sales_order (id),
  service         text NOT NULL CHECK (service ~ '^[a-z][a-z0-9_]{0,31}$'),
  qty             bigint NOT NULL CHECK (qty BETWEEN 1 AND 1000000),
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE order_service IS
  'Value-added work done for an order (labelling, kitting, gift wrap...): '
  'billed to the owner of the order''s store in the month it was recorded';
COMMENT ON COLUMN order_service.service IS
  'A service code of the owner''s price list (billing_rules.rules.services)';
CREATE INDEX order_service_order_idx ON order_service (order_id);
CREATE INDEX order_service_day_idx ON order_service (created_at);

CREATE TABLE billing_stock_day (
  day         date NOT NULL,
  sku_id      bigint NOT NULL REFERENCES sku (id),
  location_id bigint NOT NULL REFERENCES location (id),
  owner_id    bigint NOT NULL REFERENCES owners (id),
  on_hand     bigint NOT NULL CHECK (on_hand > 0),
  PRIMARY KEY (day, sku_id, location_id)
);
COMMENT ON TABLE billing_stock_day IS
  'Units on hand at the end of a day (the database''s TimeZone) per SKU and '
  'bin or tote, lots summed; rows only where there were units';
COMMENT ON COLUMN billing_stock_day.owner_id IS
  'The SKU''s owner (fixed once it has moves)';
CREATE INDEX billing_stock_day_owner_idx ON billing_stock_day (owner_id, day);

CREATE TABLE billing_stock_run (
  day         date NOT NULL,
  owner_id    bigint NOT NULL REFERENCES owners (id),
  source      text NOT NULL CHECK (source IN ('nightly', 'ledger')),
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, owner_id)
);
COMMENT ON TABLE billing_stock_run IS
  'Owner-days whose snapshot is complete in billing_stock_day: nightly (the '
  'quants less the moves since) or ledger (every move up to the day''s end). '
  'Only owners with a price list are snapshotted';

CREATE TABLE billing_statement (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id        bigint NOT NULL REFERENCES owners (id),
  month           date NOT NULL CHECK (extract(day FROM month) = 1),
  number          text NOT NULL UNIQUE,
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rules_version   integer NOT NULL,
  rules           jsonb NOT NULL,
  total           numeric(14, 2) NOT NULL,
  issued_by       bigint,
  issued_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, month)
);
COMMENT ON TABLE billing_statement IS
  'An issued monthly statement (对账单) of a 3PL client: never changes; '
  'corrections are billing_adjustment rows on a later one';
COMMENT ON COLUMN billing_statement.month IS 'First day of the month billed';
COMMENT ON COLUMN billing_statement.rules IS
  'The price list used (billing_rules.rules of version rules_version)';
COMMENT ON COLUMN billing_statement.total IS 'Sum of its lines'' amounts';

CREATE TABLE billing_statement_line (
  statement_id bigint NOT NULL REFERENCES billing_statement (id),
  n            integer NOT NULL CHECK (n > 0),
  kind         text NOT NULL CHECK (kind IN ('storage', 'inbound', 'outbound',
                 'packaging', 'service', 'adjustment')),
  code         text NOT NULL,
  qty          numeric(20, 6) NOT NULL,
  unit_price   numeric(14, 4) NOT NULL,
  amount       numeric(14, 2) NOT NULL,
  facts        jsonb NOT NULL,
  PRIMARY KEY (statement_id, n)
);
COMMENT ON TABLE billing_statement_line IS
  'One charge of a statement: qty x unit_price rounded to the cent (half '
  'away from zero); facts names what it charges for';
COMMENT ON COLUMN billing_statement_line.code IS
  'What is charged: unit_day / m3_day / bin_day, unit / sscc, order / '
  'extra_line / unit, the carton type, the service code, adjustment';
COMMENT ON COLUMN billing_statement_line.facts IS
  '{days:[...]} (storage), {moves:[ids]}, {sscc:[asn_carton ids]}, '
  '{shipments:[ids], orders:[ids]}, {cartons:[ids]}, {services:[ids]}, '
  '{adjustments:[ids]}';

CREATE TABLE billing_adjustment (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id             bigint NOT NULL REFERENCES owners (id),
  statement_id         bigint NOT NULL REFERENCES billing_statement (id),
  amount               numeric(14, 2) NOT NULL CHECK (amount <> 0),
  reason               text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  applied_statement_id bigint REFERENCES billing_statement (id),
  created_by           bigint,
  created_at           timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE billing_adjustment IS
  'A correction of an issued statement (positive: charged more, negative: '
  'credited), billed as a line of the owner''s next statement';
COMMENT ON COLUMN billing_adjustment.statement_id IS 'The statement it corrects';
COMMENT ON COLUMN billing_adjustment.applied_statement_id IS
  'The statement that billed it; NULL until the next one is issued';
CREATE INDEX billing_adjustment_owner_idx ON billing_adjustment (owner_id)
  WHERE applied_statement_id IS NULL;
