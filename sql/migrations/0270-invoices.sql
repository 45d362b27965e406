-- Sales invoices (发票, issue 22 item 3): one invoice per order on request
-- or at shipment per store setting, numbered per store and year without
-- gaps, and credit notes (红字发票) against it, by lines or from a refund.
-- Both are immutable once issued: a trigger refuses UPDATE and DELETE of
-- their rows (SQLSTATE DP400, HINT invoice_immutable); a correction is a
-- credit note. An invoice posts nothing to the ledger: the output VAT
-- (2221) is posted when units ship (fin_post_sales) and taken back when a
-- refund is paid (fin_post_refunds); the invoice states the same figures
-- by the same rule (per line, half-up to the cent).
-- Procedures: sql/procs/fin_tax_invoices.sql.

ALTER TABLE fin_store ADD COLUMN auto_invoice boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN fin_store.auto_invoice IS
  'Issue the order''s invoice (buyer 个人, type normal) in the transaction '
  'that ships it';

CREATE TABLE invoice_series (
  store_id bigint NOT NULL REFERENCES store (id),
  year     integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  kind     text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  last_no  integer NOT NULL DEFAULT 0 CHECK (last_no >= 0),
  PRIMARY KEY (store_id, year, kind)
);
COMMENT ON TABLE invoice_series IS
  'Number series of invoices and credit notes per store and year; the row '
  'is locked (FOR UPDATE) while a number is taken, so numbers have no gap '
  'and no duplicate';
COMMENT ON COLUMN invoice_series.last_no IS 'The last number issued';

CREATE TABLE invoice (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind               text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  number             text NOT NULL UNIQUE,
  store_id           bigint NOT NULL REFERENCES store (id),
  order_id           bigint NOT NULL REFERENCES sales_order (id),
  year               integer NOT NULL,
  seq                integer NOT NULL CHECK (seq > 0),
  type               text NOT NULL CHECK (type IN ('normal', 'special')),
  buyer_title        text NOT NULL
                     CHECK (length(buyer_title) BETWEEN 1 AND 200),
  buyer_tax_id       text
                     CHECK (buyer_tax_id ~ '^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})$'),
  email              text,
  currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  prices_include_tax boolean NOT NULL,
  net                numeric(14, 2) NOT NULL,
  tax                numeric(14, 2) NOT NULL,
  gross              numeric(14, 2) NOT NULL,
  state              text NOT NULL DEFAULT 'issued' CHECK (state = 'issued'),
  credit_of          bigint REFERENCES invoice (id),
  refund_id          bigint UNIQUE REFERENCES rma_refund (id),
  reason             text NOT NULL DEFAULT '',
  issued_by          bigint,
  issued_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, kind, year, seq),
  CHECK ((kind = 'invoice') = (credit_of IS NULL)),
  CHECK (type <> 'special' OR buyer_tax_id IS NOT NULL),
  CHECK (gross = net + tax)
);
COMMENT ON TABLE invoice IS
  'Sales invoices (kind invoice) and credit notes (kind credit_note, 红字发票, '
  'against credit_of); amounts are positive, a credit note''s take back';
COMMENT ON COLUMN invoice.number IS
  'INV-<store>-<year>-<seq, 6 digits> or CN-<store>-<year>-<seq>';
COMMENT ON COLUMN invoice.type IS
  'normal 增值税普通发票 or special 增值税专用发票 (needs the buyer''s tax id)';
COMMENT ON COLUMN invoice.buyer_tax_id IS
  '纳税人识别号: unified social credit code (18) or taxpayer id (15 or 20)';
COMMENT ON COLUMN invoice.prices_include_tax IS
  'Whether the store quoted the order''s prices with VAT (fin_tax_included) '
  'when the invoice was issued';
COMMENT ON COLUMN invoice.refund_id IS
  'A credit note made when this refund was paid (one per refund)';
CREATE INDEX invoice_order_idx ON invoice (order_id);
CREATE INDEX invoice_credit_of_idx ON invoice (credit_of);
CREATE INDEX invoice_issued_idx ON invoice (issued_at DESC, id DESC);

CREATE TABLE invoice_line (
  invoice_id bigint NOT NULL REFERENCES invoice (id),
  line_no    integer NOT NULL CHECK (line_no > 0),
  of_line    integer,
  sku_id     bigint REFERENCES sku (id),
  sku_code   text NOT NULL,
  name       text NOT NULL,
  qty        bigint NOT NULL CHECK (qty >= 0),
  unit_price numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
  net        numeric(14, 2) NOT NULL,
  tax_rate   numeric(6, 4) NOT NULL CHECK (tax_rate >= 0 AND tax_rate < 1),
  tax        numeric(14, 2) NOT NULL,
  gross      numeric(14, 2) NOT NULL,
  PRIMARY KEY (invoice_id, line_no),
  CHECK (gross = net + tax)
);
COMMENT ON TABLE invoice_line IS
  'Lines of an invoice or credit note: per line net, rate, VAT and gross '
  '(half-up to the cent); the document''s totals are the sums of its lines';
COMMENT ON COLUMN invoice_line.of_line IS
  'A credit note''s line: the line_no of the invoice line it takes back';
COMMENT ON COLUMN invoice_line.sku_id IS 'NULL for the shipping charge line';
