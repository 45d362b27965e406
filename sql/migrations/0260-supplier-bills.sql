-- Supplier bills (issue 22, item 5): the payables side of purchasing. A
-- bill is matched three ways (bill line, PO line price, quantity received
-- and not yet billed) within the tolerances of fin_setting; a line outside
-- them holds the bill. Approving posts the liability, paying posts its
-- settlement, each in the transaction of the fact (sql/procs/
-- fin_payables.sql).
--
-- Receipts already credit 2202 at the value received (fin_post_moves: the
-- supplier location's account), so 2202 holds "received, not yet billed"
-- until a bill clears that part and books the invoice in its place.

-- Price variance and freight of bills (the part of a bill beyond the
-- receipts' value) go to 1404 材料成本差异, beside inventory: 1405 keeps
-- equal to the valuation report and 6401 to the cost of the units shipped.
INSERT INTO fin_account (code, name_zh, name_en, kind)
VALUES ('1404', '材料成本差异', 'Purchase cost variance', 'asset')
ON CONFLICT (code) DO NOTHING;

ALTER TABLE fin_setting
  ADD COLUMN bill_price_tolerance_pct numeric(6, 3) NOT NULL DEFAULT 2
    CHECK (bill_price_tolerance_pct BETWEEN 0 AND 100),
  ADD COLUMN bill_qty_tolerance bigint NOT NULL DEFAULT 0
    CHECK (bill_qty_tolerance >= 0);
COMMENT ON COLUMN fin_setting.bill_price_tolerance_pct IS
  'Three-way match: a bill line''s unit cost may differ from its PO line''s '
  'by this many percent either way before the bill is held';
COMMENT ON COLUMN fin_setting.bill_qty_tolerance IS
  'Three-way match: units a bill line may claim beyond those received and '
  'not yet billed before the bill is held';

ALTER TABLE fin_entry DROP CONSTRAINT fin_entry_source_kind_check;
ALTER TABLE fin_entry ADD CONSTRAINT fin_entry_source_kind_check
  CHECK (source_kind IN ('move', 'sale', 'refund', 'manual', 'bill',
    'bill_payment'));
COMMENT ON COLUMN fin_entry.source_kind IS
  'move (stock_move id), sale (order_ship_line id), refund (rma_refund id), '
  'manual (POST /api/v1/finance/entries), bill (supplier_bill id, posted '
  'when approved), bill_payment (supplier_bill_payment id)';

CREATE TABLE supplier_bill (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  supplier_id   bigint NOT NULL REFERENCES supplier (id),
  number        text NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
  day           date NOT NULL,
  due_date      date NOT NULL,
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  goods         numeric(14, 2) NOT NULL CHECK (goods >= 0),
  freight       numeric(14, 2) NOT NULL DEFAULT 0 CHECK (freight >= 0),
  tax           numeric(14, 2) NOT NULL DEFAULT 0 CHECK (tax >= 0),
  total         numeric(14, 2) NOT NULL CHECK (total >= 0),
  paid          numeric(14, 2) NOT NULL DEFAULT 0 CHECK (paid >= 0),
  status        text NOT NULL CHECK (status IN ('on_hold', 'matched',
                  'approved', 'paid')),
  override_reason text,
  entry_id      bigint REFERENCES fin_entry (id),
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  approved_by   bigint,
  approved_at   timestamptz,
  UNIQUE (supplier_id, number),
  CHECK (paid <= total),
  CHECK (due_date >= day)
);
COMMENT ON TABLE supplier_bill IS
  'A supplier''s invoice (供应商发票/应付单): unique per supplier and number; '
  'total = goods + freight + tax in the bill''s currency';
COMMENT ON COLUMN supplier_bill.status IS
  'on_hold (a line outside the match tolerances), matched (awaiting '
  'approval), approved (posted: a payable), paid (nothing left to pay)';
COMMENT ON COLUMN supplier_bill.override_reason IS
  'Why a held bill was approved anyway (who: approved_by); NULL otherwise';
COMMENT ON COLUMN supplier_bill.entry_id IS
  'The journal entry posted at approval';
CREATE INDEX supplier_bill_supplier_idx ON supplier_bill (supplier_id, id);
CREATE INDEX supplier_bill_status_idx ON supplier_bill (status, id);

CREATE TABLE supplier_bill_line (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bill_id       bigint NOT NULL REFERENCES supplier_bill (id),
  line_no       integer NOT NULL,
  po_line_id    bigint NOT NULL REFERENCES po_line (id),
  sku_id        bigint NOT NULL REFERENCES sku (id),
  qty           bigint NOT NULL CHECK (qty > 0),
  unit_cost     numeric(14, 4) NOT NULL CHECK (unit_cost >= 0),
  po_unit_cost  numeric(14, 4) NOT NULL,
  received_open bigint NOT NULL,
  matched_qty   bigint NOT NULL CHECK (matched_qty >= 0),
  differences   jsonb NOT NULL DEFAULT '[]'::jsonb,
  UNIQUE (bill_id, line_no)
);
COMMENT ON TABLE supplier_bill_line IS
  'A bill line against a PO line, with what the three-way match saw when '
  'the bill was entered';
COMMENT ON COLUMN supplier_bill_line.received_open IS
  'Units of the PO line received and not billed by another bill, at entry';
COMMENT ON COLUMN supplier_bill_line.matched_qty IS
  'Billed units covered by receipts (least of qty and received_open): '
  'approval clears their receipt value from 2202 at the PO cost';
COMMENT ON COLUMN supplier_bill_line.differences IS
  'What is outside the tolerances: [{kind: price|qty|currency, ...}]; '
  'empty when the line matches';
CREATE INDEX supplier_bill_line_po_idx ON supplier_bill_line (po_line_id);

CREATE TABLE supplier_bill_payment (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bill_id     bigint NOT NULL REFERENCES supplier_bill (id),
  day         date NOT NULL,
  amount      numeric(14, 2) NOT NULL CHECK (amount > 0),
  method      text NOT NULL CHECK (method IN ('bank_transfer', 'cash',
                'cheque', 'card', 'other')),
  reference   text NOT NULL DEFAULT '' CHECK (length(reference) <= 64),
  entry_id    bigint NOT NULL REFERENCES fin_entry (id),
  created_by  bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE supplier_bill_payment IS
  'A payment (partial or whole) of an approved bill, in the bill''s '
  'currency; entry_id is its journal entry (Dr 2202, Cr 1002)';
CREATE INDEX supplier_bill_payment_bill_idx ON supplier_bill_payment
  (bill_id, id);
