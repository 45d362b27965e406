-- Platform settlements (issue 22, item 4): a payout or bill export of a
-- store's platform (Shopify payouts, 支付宝账务明细, 京东结算单, a generic
-- layout) read line by line, each line matched to an order by its platform
-- order number, stored with what the match found, and posted as one
-- balanced entry: Dr 1002 the money received, Dr 6601 the platform's fees,
-- Cr 1122 the receivables it settles (Cr 2241 for lines with no order).
-- Procedures: sql/procs/fin_settlements.sql.

ALTER TABLE fin_entry DROP CONSTRAINT fin_entry_source_kind_check;
ALTER TABLE fin_entry ADD CONSTRAINT fin_entry_source_kind_check
  CHECK (source_kind IN ('move', 'sale', 'refund', 'manual', 'bill',
    'bill_payment', 'settlement'));
COMMENT ON COLUMN fin_entry.source_kind IS
  'move (stock_move id), sale (order_ship_line id), refund (rma_refund id), '
  'manual (POST /api/v1/finance/entries), bill (supplier_bill id, posted '
  'when approved), bill_payment (supplier_bill_payment id), settlement '
  '(settlement id)';

CREATE TABLE settlement (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id    bigint NOT NULL REFERENCES store (id),
  profile     text NOT NULL CHECK (profile IN ('shopify_payouts', 'alipay',
                'jd', 'generic')),
  file_name   text NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
  file_md5    text NOT NULL,
  currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  day         date NOT NULL,
  gross       numeric(14, 2) NOT NULL,
  fees        numeric(14, 2) NOT NULL,
  refunds     numeric(14, 2) NOT NULL,
  net         numeric(14, 2) NOT NULL,
  report      jsonb NOT NULL,
  entry_id    bigint REFERENCES fin_entry (id),
  created_by  bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, file_md5)
);
COMMENT ON TABLE settlement IS
  'A platform payout or bill export imported for a store (对账): its lines '
  'are settlement_line; importing the same file again answers this one';
COMMENT ON COLUMN settlement.file_md5 IS
  'md5 of the lines as read: the same export imported twice is one '
  'settlement';
COMMENT ON COLUMN settlement.day IS 'The latest line''s day: the entry''s';
COMMENT ON COLUMN settlement.report IS
  'What the match found: counts and sums, fee differences, refunds, lines '
  'with no order, orders shipped and never paid';

CREATE TABLE settlement_line (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  settlement_id bigint NOT NULL REFERENCES settlement (id),
  line_no       integer NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('sale', 'refund', 'fee',
                  'adjustment')),
  order_ref     text NOT NULL DEFAULT '',
  order_id      bigint REFERENCES sales_order (id),
  day           date NOT NULL,
  gross         numeric(14, 2) NOT NULL DEFAULT 0,
  fee           numeric(14, 2) NOT NULL DEFAULT 0,
  type_text     text NOT NULL DEFAULT '',
  UNIQUE (settlement_id, line_no)
);
COMMENT ON TABLE settlement_line IS
  'A line of a settlement file: a sale paid out, a refund taken back, a '
  'fee charged or an adjustment, with the order its platform order number '
  'names (NULL: no such order of the store)';
COMMENT ON COLUMN settlement_line.gross IS
  'What the line moves before fees: positive for a sale, negative for a '
  'refund';
COMMENT ON COLUMN settlement_line.fee IS
  'The platform''s fee on the line (positive: charged)';
COMMENT ON COLUMN settlement_line.type_text IS
  'The line''s type as the file wrote it (Type, 业务类型, 费用名称)';
CREATE INDEX settlement_line_order_idx ON settlement_line (order_id);
