-- Platform settlements (issue 22, item 4): the import of a payout or bill
-- export, its match to orders, its report and its entry; receivables
-- aging. Text contract (core/core_proc.h). The file is read in C
-- (core/core_settlement.c: header row found, columns of the profile
-- picked, GBK converted); what each line means is decided here.
-- Tables: sql/migrations/0261-settlements.sql.

-- A number as exports write it ("1,234.50", "¥12.00", "-3.20", tabs and
-- spaces around), or NULL for an empty field or one that is no number.
CREATE OR REPLACE FUNCTION fin_stl_num(in_text text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  t text := regexp_replace(coalesce(in_text, ''), '[\s,¥￥$"=]', '', 'g');
BEGIN
  IF t !~ '^[+-]?[0-9]+(\.[0-9]+)?$' THEN
    RETURN NULL;
  END IF;
  RETURN t::numeric;
END $$;

-- A day as exports write it ("2026-11-20 10:12:33 +0800", "2026/11/20",
-- "2026年11月20日"), or NULL.
CREATE OR REPLACE FUNCTION fin_stl_day(in_text text) RETURNS date
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  m text[] := regexp_match(coalesce(in_text, ''),
                           '([0-9]{4})[-/年.]([0-9]{1,2})[-/月.]([0-9]{1,2})');
BEGIN
  IF m IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN make_date(m[1]::int, m[2]::int, m[3]::int);
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- What line in_r of a file of profile in_profile is: out_kind sale,
-- refund, fee or adjustment (NULL: a line that moves no order's money, as
-- a payout or a withdrawal), out_gross (sale positive, refund negative)
-- and out_fee (charged positive). in_r: {type, amount, amount_in,
-- amount_out, fee}.
CREATE OR REPLACE FUNCTION fin_stl_classify(in_profile text, in_r jsonb,
  OUT out_kind text, OUT out_gross numeric, OUT out_fee numeric)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  ty text := lower(btrim(coalesce(in_r->>'type', '')));
  amt numeric := coalesce(fin_stl_num(in_r->>'amount'), 0);
  fee numeric := coalesce(fin_stl_num(in_r->>'fee'), 0);
  inc numeric := coalesce(fin_stl_num(in_r->>'amount_in'), 0);
  outg numeric := abs(coalesce(fin_stl_num(in_r->>'amount_out'), 0));
BEGIN
  out_gross := 0; out_fee := 0;
  IF in_profile = 'shopify_payouts' THEN
    -- Shopify Payments: Amount and Fee per transaction, Net = Amount - Fee.
    out_kind := CASE WHEN ty = 'charge' THEN 'sale'
                     WHEN ty = 'refund' THEN 'refund'
                     WHEN ty = 'payout' THEN NULL
                     ELSE 'adjustment' END;
    out_gross := amt; out_fee := fee;
  ELSIF in_profile = 'alipay' THEN
    -- 支付宝账务明细: 收入金额 / 支出金额 and 业务类型 per line; fees are
    -- lines of their own against the same 商户订单号.
    IF ty ~ '提现|转账到银行|充值' THEN
      out_kind := NULL;
    ELSIF ty ~ '退款' THEN
      out_kind := 'refund'; out_gross := inc - outg;
    ELSIF ty ~ '服务费|手续费|佣金|技术服务' THEN
      out_kind := 'fee'; out_fee := outg - inc;
    ELSIF inc > 0 THEN
      out_kind := 'sale'; out_gross := inc;
    ELSE
      out_kind := 'adjustment'; out_gross := inc - outg;
    END IF;
  ELSIF in_profile = 'jd' THEN
    -- 京东结算单: one 金额 per 费用名称; fees are negative amounts.
    IF ty ~ '退' THEN
      out_kind := 'refund'; out_gross := -abs(amt);
    ELSIF ty ~ '货款' THEN
      out_kind := 'sale'; out_gross := amt;
    ELSIF ty ~ '佣金|服务费|使用费|手续费|费' THEN
      out_kind := 'fee'; out_fee := -amt;
    ELSE
      out_kind := 'adjustment'; out_gross := amt;
    END IF;
  ELSE
    out_kind := CASE WHEN ty IN ('sale', 'refund', 'fee', 'adjustment')
                     THEN ty WHEN ty = 'payout' THEN NULL
                     ELSE 'adjustment' END;
    out_gross := CASE WHEN ty = 'refund' THEN -abs(amt) ELSE amt END;
    out_fee := fee;
  END IF;
END $$;

-- The settlement in_id as the API shows it.
CREATE OR REPLACE FUNCTION fin_settlement_doc(in_id bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', x.id, 'store', s.code,
    'profile', x.profile, 'file_name', x.file_name, 'currency', x.currency,
    'date', x.day, 'gross', x.gross, 'fees', x.fees, 'refunds', x.refunds,
    'net', x.net, 'voucher_no', x.entry_id, 'created_at', x.created_at,
    'lines', (SELECT count(*) FROM settlement_line WHERE settlement_id = x.id),
    'report', x.report)
    FROM settlement x JOIN store s ON s.id = x.store_id
   WHERE x.id = in_id
$f$;

-- Orders of store in_store that shipped more than in_days before in_day
-- and that no settlement has paid (no sale line), the oldest 500 (the
-- report stays small; the aging has them all).
CREATE OR REPLACE FUNCTION fin_stl_unpaid(in_store bigint, in_day date,
  in_days integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(jsonb_build_object('order', u.external_id,
           'shipped', u.shipped, 'days', in_day - u.shipped,
           'amount', u.amount, 'currency', u.currency) ORDER BY u.shipped,
           u.id), '[]'::jsonb)
    FROM (SELECT o.id, o.external_id, o.currency, x.shipped, x.amount
            FROM (SELECT l.order_id, min(l.shipped_at)::date AS shipped,
                         sum(l.qty * l.unit_price - l.discount) AS amount
                    FROM order_ship_line l
                    JOIN sales_order o ON o.id = l.order_id
                   WHERE o.store_id = in_store
                   GROUP BY l.order_id) x
            JOIN sales_order o ON o.id = x.order_id
           WHERE x.shipped < in_day - in_days
             AND NOT EXISTS (SELECT 1 FROM settlement_line y
                              WHERE y.order_id = x.order_id
                                AND y.kind = 'sale')
           ORDER BY x.shipped, o.id LIMIT 500) u
$f$;

-- What the lines of settlement in_id show: matched sales, fee
-- differences against the store's fee settings (fin_store, when set),
-- refunds, lines naming no order, and orders never paid in_days after
-- they shipped, as of in_day (the import's day).
CREATE OR REPLACE FUNCTION fin_stl_report(in_id bigint, in_store bigint,
  in_day date, in_days integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  WITH l AS (SELECT * FROM settlement_line WHERE settlement_id = in_id),
  per AS (
    SELECT o.id, o.external_id, sum(l.gross) FILTER (WHERE l.kind = 'sale')
             AS gross,
           sum(l.fee) AS fee
      FROM l JOIN sales_order o ON o.id = l.order_id
     GROUP BY o.id, o.external_id
    HAVING sum(l.gross) FILTER (WHERE l.kind = 'sale') IS NOT NULL),
  fees AS (
    SELECT per.*, round(per.gross * (f.commission_pct + f.payment_fee_pct)
                        / 100 + f.fixed_fee, 2) AS expected
      FROM per JOIN fin_store f ON f.store_id = in_store)
  SELECT jsonb_build_object(
    'lines', (SELECT count(*) FROM l),
    'matched', (SELECT count(*) FROM l WHERE l.kind = 'sale'
                  AND l.order_id IS NOT NULL),
    'matched_amount', (SELECT coalesce(sum(l.gross), 0) FROM l
                        WHERE l.kind = 'sale' AND l.order_id IS NOT NULL),
    'fee_settings', EXISTS (SELECT 1 FROM fin_store WHERE store_id = in_store),
    'fee_differences', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'order', external_id, 'gross', gross, 'fee', fee,
        'expected', expected, 'diff', fee - expected) ORDER BY external_id),
        '[]'::jsonb) FROM fees WHERE abs(fee - expected) >= 0.01),
    'refunds', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'line', l.line_no, 'order', l.order_ref, 'amount', l.gross,
        'fee', l.fee, 'matched', l.order_id IS NOT NULL)
        ORDER BY l.line_no), '[]'::jsonb) FROM l WHERE l.kind = 'refund'),
    'no_order', (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'line', l.line_no, 'order', l.order_ref, 'kind', l.kind,
        'amount', l.gross, 'fee', l.fee) ORDER BY l.line_no), '[]'::jsonb)
        FROM l WHERE l.order_id IS NULL AND l.kind <> 'adjustment'),
    'unpaid_days', in_days,
    'unpaid', fin_stl_unpaid(in_store, in_day, in_days))
$f$;

-- Posts settlement in_id in currency in_cur on day in_day at rate
-- in_rate: Cr 1122 per order settled (the gross of its lines), Cr 2241
-- what names no order, Dr 6601 the fees, Dr 1002 the rest (the money
-- received). Returns the entry.
CREATE OR REPLACE FUNCTION fin_stl_post(in_id bigint, in_store bigint,
  in_cur text, in_day date, in_rate numeric, in_user bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  e bigint;
BEGIN
  INSERT INTO fin_entry (day, summary, source_kind, source_id, currency, rate,
    user_id)
  VALUES (in_day, 'settlement ' || (SELECT code FROM store WHERE id = in_store)
            || ' ' || in_id, 'settlement', in_id, in_cur, in_rate, in_user)
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, store_id, order_id)
  SELECT e, in_day, CASE WHEN order_id IS NULL THEN '2241' ELSE '1122' END,
         greatest(-round(g * in_rate, 2), 0), greatest(round(g * in_rate, 2), 0),
         in_cur, -g, in_store, order_id
    FROM (SELECT order_id, sum(gross) AS g FROM settlement_line
           WHERE settlement_id = in_id GROUP BY order_id) x
   WHERE g <> 0;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, store_id)
  SELECT e, in_day, '6601', greatest(round(f * in_rate, 2), 0),
         greatest(-round(f * in_rate, 2), 0), in_cur, f, in_store
    FROM (SELECT sum(fee) AS f FROM settlement_line
           WHERE settlement_id = in_id) x
   WHERE f <> 0;
  -- The bank line balances the entry to the cent after rounding.
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, store_id)
  SELECT e, in_day, '1002', greatest(b, 0), greatest(-b, 0), in_cur, n,
         in_store
    FROM (SELECT sum(credit) - sum(debit) AS b,
                 (SELECT sum(gross - fee) FROM settlement_line
                   WHERE settlement_id = in_id) AS n
            FROM fin_line WHERE entry_id = e) x
   WHERE b <> 0;
  RETURN e;
END $$;

-- Imports settlement in_req {store, profile, file_name?, days?, rows:
-- [{line, ref, day, type, amount?, amount_in?, amount_out?, fee?,
-- currency?}]}: the same rows for the store again answer the settlement
-- stored first. out_error: unknown_store, invalid_value (a row's day or
-- amounts), out_of_range (no line moves money), rate_missing.
CREATE OR REPLACE FUNCTION fin_settlement_import(in_req jsonb, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  st store%ROWTYPE;
  prof text := in_req->>'profile';
  md5sum text := md5((in_req->'rows')::text);
  days integer := coalesce((in_req->>'days')::integer, 14);
  sid bigint;
  bad record;
  cur text;
  d date;
  n bigint;
  r record;
  e bigint;
BEGIN
  out_replayed := false;
  SELECT * INTO st FROM store WHERE code = in_req->>'store';
  IF NOT FOUND THEN
    out_error := 'unknown_store'; out_field := 'store';
    out_detail := in_req->>'store';
    RETURN;
  END IF;
  -- A 3PL client's store is paid out to the client: its sales were never
  -- the company's receivables (sql/procs/fin_post.sql).
  IF NOT fin_company_owner(st.owner_id) THEN
    out_error := 'client_store_settlement'; out_field := 'store';
    out_detail := st.code || ' is a store of the 3PL client '
      || (SELECT code FROM owners WHERE id = st.owner_id)
      || ': its payouts are the client''s, not the company''s receivables';
    RETURN;
  END IF;
  SELECT id INTO sid FROM settlement WHERE store_id = st.id
     AND file_md5 = md5sum;
  IF FOUND THEN
    out_replayed := true; out_doc := fin_settlement_doc(sid);
    RETURN;
  END IF;
  SELECT v->>'line' AS line INTO bad
    FROM jsonb_array_elements(in_req->'rows') v
   WHERE fin_stl_day(v->>'day') IS NULL
      OR (coalesce(btrim(v->>'amount'), '') <> ''
          AND fin_stl_num(v->>'amount') IS NULL)
   LIMIT 1;
  IF FOUND THEN
    out_error := 'invalid_value'; out_field := 'rows';
    out_detail := 'line ' || bad.line || ': no date or a bad amount';
    RETURN;
  END IF;
  SELECT max(nullif(btrim(coalesce(v->>'currency', '')), '')),
         max(fin_stl_day(v->>'day')), count(*)
    INTO cur, d, n
    FROM jsonb_array_elements(in_req->'rows') v
    CROSS JOIN LATERAL fin_stl_classify(prof, v) c
   WHERE c.out_kind IS NOT NULL;
  IF n = 0 THEN
    out_error := 'out_of_range'; out_field := 'rows';
    out_detail := 'no line of the file moves an order''s money';
    RETURN;
  END IF;
  cur := coalesce(cur, st.currency);
  d := fin_open_day(d);
  SELECT * INTO r FROM fin_rate_at(cur, d);
  IF r.out_missing THEN
    out_error := 'rate_missing'; out_field := 'currency';
    out_detail := 'no rate of ' || cur || ' on or before ' || d;
    RETURN;
  END IF;
  INSERT INTO settlement (store_id, profile, file_name, file_md5, currency,
    day, gross, fees, refunds, net, report, created_by)
  VALUES (st.id, prof, coalesce(in_req->>'file_name', ''), md5sum, cur, d, 0,
          0, 0, 0, '{}'::jsonb, in_user)
  RETURNING id INTO sid;
  -- The order a line names: its platform order number as the store sent
  -- it, with or without Shopify's leading '#'.
  INSERT INTO settlement_line (settlement_id, line_no, kind, order_ref,
    order_id, day, gross, fee, type_text)
  SELECT sid, x.line_no, x.kind, x.ref,
         (SELECT o.id FROM sales_order o WHERE o.store_id = st.id
             AND x.ref <> '' AND (o.external_id = x.ref
                  OR o.external_id = ltrim(x.ref, '#')
                  OR '#' || o.external_id = x.ref)
           ORDER BY o.id LIMIT 1),
         x.day, x.gross, x.fee, x.type_text
    FROM (SELECT (v->>'line')::integer AS line_no, c.out_kind AS kind,
                 btrim(coalesce(v->>'ref', '')) AS ref,
                 fin_stl_day(v->>'day') AS day,
                 round(c.out_gross, 2) AS gross, round(c.out_fee, 2) AS fee,
                 coalesce(v->>'type', '') AS type_text
            FROM jsonb_array_elements(in_req->'rows') v
            CROSS JOIN LATERAL fin_stl_classify(prof, v) c
           WHERE c.out_kind IS NOT NULL) x;
  UPDATE settlement t
     SET gross = x.g, fees = x.f, refunds = x.r, net = x.n
    FROM (SELECT coalesce(sum(gross) FILTER (WHERE kind <> 'refund'), 0) AS g,
                 coalesce(sum(fee), 0) AS f,
                 coalesce(sum(gross) FILTER (WHERE kind = 'refund'), 0) AS r,
                 coalesce(sum(gross - fee), 0) AS n
            FROM settlement_line WHERE settlement_id = sid) x
   WHERE t.id = sid;
  e := fin_stl_post(sid, st.id, cur, d, r.out_rate, in_user);
  UPDATE settlement SET entry_id = e,
         report = fin_stl_report(sid, st.id, current_date, days)
   WHERE id = sid;
  out_doc := fin_settlement_doc(sid);
END $$;

-- Settlements newest first, keyset-paged by id (in_before 0: from the
-- newest), of store in_store (NULL: all), as a JSON array.
CREATE OR REPLACE FUNCTION fin_settlement_list(in_store text,
  in_before bigint, in_limit integer) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(fin_settlement_doc(x.id) - 'report'
                            ORDER BY x.id DESC), '[]'::jsonb)
    FROM (SELECT t.id FROM settlement t JOIN store s ON s.id = t.store_id
           WHERE (in_store IS NULL OR s.code = in_store)
             AND (in_before = 0 OR t.id < in_before)
           ORDER BY t.id DESC LIMIT in_limit) x
$f$;

-- Receivables aging at in_f.at (default today) per store and currency:
-- what each order still owes on 1122 (its sale less refunds and the
-- settlements that paid it), in the order's currency, by days since it
-- first shipped; in_f.store narrows to one store.
CREATE OR REPLACE FUNCTION fin_receivables_aging(in_f jsonb)
RETURNS TABLE (store text, currency text, d0_30 numeric, d31_60 numeric,
  d61_90 numeric, d90_plus numeric, total numeric, orders bigint)
LANGUAGE sql STABLE AS $f$
  WITH at AS (SELECT coalesce((in_f->>'at')::date, current_date) AS d),
  o AS (
    SELECT l.store_id, l.order_id, l.currency, at.d - min(l.day) AS age,
           sum(l.amount) AS open
      FROM fin_line l CROSS JOIN at
     WHERE l.account = '1122' AND l.order_id IS NOT NULL AND l.day <= at.d
     GROUP BY l.store_id, l.order_id, l.currency, at.d
    HAVING sum(l.amount) <> 0)
  SELECT s.code, o.currency,
         coalesce(sum(o.open) FILTER (WHERE o.age <= 30), 0),
         coalesce(sum(o.open) FILTER (WHERE o.age BETWEEN 31 AND 60), 0),
         coalesce(sum(o.open) FILTER (WHERE o.age BETWEEN 61 AND 90), 0),
         coalesce(sum(o.open) FILTER (WHERE o.age > 90), 0),
         sum(o.open), count(*)
    FROM o JOIN store s ON s.id = o.store_id
   WHERE in_f->>'store' IS NULL OR s.code = in_f->>'store'
   GROUP BY s.code, o.currency
   ORDER BY s.code, o.currency
$f$;
