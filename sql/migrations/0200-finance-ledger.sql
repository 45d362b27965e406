-- Finance (issue 22): a double-entry ledger kept by the transactions that
-- write the facts. Every stock move that crosses a warehouse's stock
-- boundary (the moves stock_flow_day values, migration 0150) posts one
-- balanced entry at the move's unit_cost, in the same statement; a sale
-- posts its revenue when its units ship (order_ship_line), a refund when
-- it is paid (rma_refund). The posting functions live in
-- sql/procs/fin_post.sql; this file holds the tables, the chart, the
-- checks the database enforces (balanced per entry at commit, closed
-- periods refuse postings) and the triggers.

CREATE TABLE fin_account (
  code      text PRIMARY KEY CHECK (code ~ '^[0-9]{4,10}$'),
  name_zh   text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
  name_en   text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  kind      text NOT NULL CHECK (kind IN ('asset', 'liability', 'equity',
              'cost', 'income', 'expense')),
  active    boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE fin_account IS
  'Chart of accounts; the default is the Chinese small-business chart '
  '(小企业会计准则). Postings name accounts by code';
COMMENT ON COLUMN fin_account.kind IS
  'asset, liability, equity, cost, income or expense: which side a balance '
  'normally sits on (debit for asset, cost, expense)';

INSERT INTO fin_account (code, name_zh, name_en, kind) VALUES
  ('1001', '库存现金', 'Cash on hand', 'asset'),
  ('1002', '银行存款', 'Bank deposits', 'asset'),
  ('1122', '应收账款', 'Accounts receivable', 'asset'),
  ('1123', '预付账款', 'Prepayments', 'asset'),
  ('1221', '其他应收款', 'Other receivables', 'asset'),
  ('1402', '在途物资', 'Goods in transit', 'asset'),
  ('1405', '库存商品', 'Inventory (merchandise)', 'asset'),
  ('1901', '待处理财产损溢', 'Pending gains and losses on assets', 'asset'),
  ('2202', '应付账款', 'Accounts payable', 'liability'),
  ('2203', '预收账款', 'Advances from customers', 'liability'),
  ('2211', '应付职工薪酬', 'Payroll payable', 'liability'),
  ('2221', '应交税费', 'Taxes payable', 'liability'),
  ('2241', '其他应付款', 'Other payables', 'liability'),
  ('3001', '实收资本', 'Paid-in capital', 'equity'),
  ('3103', '本年利润', 'Profit for the year', 'equity'),
  ('3104', '利润分配', 'Profit distribution', 'equity'),
  ('5001', '生产成本', 'Production cost', 'cost'),
  ('6001', '主营业务收入', 'Main operating revenue', 'income'),
  ('6051', '其他业务收入', 'Other operating revenue', 'income'),
  ('6301', '营业外收入', 'Non-operating income', 'income'),
  ('6401', '主营业务成本', 'Cost of goods sold', 'expense'),
  ('6402', '其他业务成本', 'Other operating cost', 'expense'),
  ('6403', '税金及附加', 'Taxes and surcharges', 'expense'),
  ('6601', '销售费用', 'Selling expenses', 'expense'),
  ('6602', '管理费用', 'Administrative expenses', 'expense'),
  ('6603', '财务费用', 'Financial expenses', 'expense'),
  ('6711', '营业外支出', 'Non-operating losses', 'expense'),
  ('6801', '所得税费用', 'Income tax expense', 'expense');

CREATE TABLE fin_setting (
  only_row          boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  tax_rate          numeric(6, 4) NOT NULL DEFAULT 0.13
                    CHECK (tax_rate >= 0 AND tax_rate < 1),
  prices_include_tax boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE fin_setting IS
  'Company-wide finance settings; the company currency is '
  'purchasing_setting.cost_currency (the currency stock is valued in)';
COMMENT ON COLUMN fin_setting.tax_rate IS
  'Output VAT rate of a category without its own (fin_tax_rate): 13 %';
INSERT INTO fin_setting DEFAULT VALUES;

CREATE TABLE fin_tax_rate (
  category text PRIMARY KEY,
  rate     numeric(6, 4) NOT NULL CHECK (rate >= 0 AND rate < 1)
);
COMMENT ON TABLE fin_tax_rate IS
  'Output VAT rate per product category (sku.category); others take '
  'fin_setting.tax_rate';

CREATE TABLE fin_store (
  store_id           bigint PRIMARY KEY REFERENCES store (id),
  commission_pct     numeric(6, 3) NOT NULL DEFAULT 0
                     CHECK (commission_pct BETWEEN 0 AND 100),
  fixed_fee          numeric(14, 2) NOT NULL DEFAULT 0 CHECK (fixed_fee >= 0),
  payment_fee_pct    numeric(6, 3) NOT NULL DEFAULT 0
                     CHECK (payment_fee_pct BETWEEN 0 AND 100),
  prices_include_tax boolean
);
COMMENT ON TABLE fin_store IS
  'Platform fees per store (for margins): commission and payment fee in '
  'percent of the order''s gross, a fixed fee per order in the store''s '
  'currency; prices_include_tax NULL follows fin_setting';

CREATE TABLE fin_rate (
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  day      date NOT NULL,
  rate     numeric(18, 8) NOT NULL CHECK (rate > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (currency, day)
);
COMMENT ON TABLE fin_rate IS
  'Units of company currency per unit of currency from day on (the latest '
  'rate on or before a posting''s day applies)';

CREATE TABLE fin_period (
  month     date PRIMARY KEY CHECK (extract(day FROM month) = 1),
  closed_at timestamptz NOT NULL DEFAULT now(),
  closed_by bigint
);
COMMENT ON TABLE fin_period IS
  'Closed accounting months: no entry may be dated in one (fin_entry_open)';

CREATE TABLE fin_entry (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  day         date NOT NULL DEFAULT current_date,
  summary     text NOT NULL DEFAULT '',
  source_kind text NOT NULL CHECK (source_kind IN ('move', 'sale', 'refund',
                'manual')),
  source_id   bigint,
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rate        numeric(18, 8) NOT NULL DEFAULT 1 CHECK (rate > 0),
  rate_missing boolean NOT NULL DEFAULT false,
  user_id     bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE fin_entry IS
  'A journal entry (记账凭证): its lines (fin_line) balance, checked at '
  'commit; the voucher number is the id';
COMMENT ON COLUMN fin_entry.source_kind IS
  'move (stock_move id), sale (order_ship_line id), refund (rma_refund id), '
  'manual (POST /api/v1/finance/entries)';
COMMENT ON COLUMN fin_entry.rate IS
  'Company currency per unit of currency, the rate used for every line';
COMMENT ON COLUMN fin_entry.rate_missing IS
  'No rate for currency on or before day: posted at 1, to be corrected';
CREATE INDEX fin_entry_source_idx ON fin_entry (source_kind, source_id);

CREATE TABLE fin_line (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id     bigint NOT NULL REFERENCES fin_entry (id),
  day          date NOT NULL,
  account      text NOT NULL REFERENCES fin_account (code),
  debit        numeric(18, 4) NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit       numeric(18, 4) NOT NULL DEFAULT 0 CHECK (credit >= 0),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount       numeric(18, 4) NOT NULL DEFAULT 0,
  warehouse_id bigint,
  sku_id       bigint,
  store_id     bigint,
  order_id     bigint,
  cost_missing boolean NOT NULL DEFAULT false,
  CHECK (debit = 0 OR credit = 0)
);
COMMENT ON TABLE fin_line IS
  'A line of a journal entry, in company currency (debit or credit), with '
  'the dimensions it concerns; append-only';
COMMENT ON COLUMN fin_line.amount IS
  'The line in the entry''s currency (debit - credit before the rate)';
COMMENT ON COLUMN fin_line.day IS 'The entry''s day, copied for the reads';
COMMENT ON COLUMN fin_line.cost_missing IS
  'A stock line valued at 0 because the SKU had no cost (neither a moving '
  'average nor a catalog cost): GET /api/v1/finance/missing-costs';
CREATE INDEX fin_line_entry_idx ON fin_line (entry_id);
CREATE INDEX fin_line_day_idx ON fin_line (day, id);
CREATE INDEX fin_line_account_idx ON fin_line (account, day, id);
CREATE INDEX fin_line_missing_idx ON fin_line (id) WHERE cost_missing;

-- A closed month refuses entries dated in it.
CREATE FUNCTION fin_entry_open() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM fin_period
              WHERE month = date_trunc('month', NEW.day)::date) THEN
    RAISE EXCEPTION 'period % is closed', to_char(NEW.day, 'YYYY-MM')
      USING ERRCODE = 'P0001', HINT = 'period_closed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fin_entry_open BEFORE INSERT OR UPDATE ON fin_entry
  FOR EACH ROW EXECUTE FUNCTION fin_entry_open();

CREATE FUNCTION fin_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER fin_line_append_only BEFORE UPDATE OR DELETE ON fin_line
  FOR EACH ROW EXECUTE FUNCTION fin_append_only();
CREATE TRIGGER fin_entry_append_only BEFORE DELETE ON fin_entry
  FOR EACH ROW EXECUTE FUNCTION fin_append_only();

-- The entry of a new line balances when the transaction commits: its
-- debits equal its credits, or the commit fails (23514).
CREATE FUNCTION fin_line_balanced() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  d numeric;
BEGIN
  SELECT sum(debit) - sum(credit) INTO d FROM fin_line
   WHERE entry_id = NEW.entry_id;
  IF d <> 0 THEN
    RAISE EXCEPTION 'journal entry % is unbalanced by %', NEW.entry_id, d
      USING ERRCODE = '23514', HINT = 'entry_unbalanced';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER fin_line_balanced AFTER INSERT ON fin_line
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION fin_line_balanced();

ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN
  ('admin', 'back_office', 'warehouse_lead', 'picker', 'viewer', 'finance'));

-- Stock already valued (stock_flow_day) opens the inventory account, so
-- the account equals the valuation report from the first day on.
DO $$
DECLARE
  e bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM stock_flow_day) THEN
    RETURN;
  END IF;
  INSERT INTO fin_entry (summary, source_kind, currency)
  VALUES ('opening inventory', 'manual',
          (SELECT cost_currency FROM purchasing_setting))
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, sku_id)
  SELECT e, current_date, '1405', greatest(v, 0), greatest(-v, 0),
         (SELECT cost_currency FROM purchasing_setting), v, warehouse_id,
         sku_id
    FROM (SELECT warehouse_id, sku_id, sum(value) AS v FROM stock_flow_day
           GROUP BY 1, 2 HAVING sum(value) <> 0) x;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount)
  SELECT e, current_date, '3001', greatest(-v, 0), greatest(v, 0),
         (SELECT cost_currency FROM purchasing_setting), -v
    FROM (SELECT coalesce(sum(value), 0) AS v FROM stock_flow_day) x;
END $$;
