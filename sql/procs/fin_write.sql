-- Finance (issue 22): what the API writes. Text contract
-- (core/core_proc.h): out_error names a code of core/core_ec.def.

-- Closes month in_month (YYYY-MM): no entry may be dated in it from now
-- on; corrections post to an open month. Only a month that has ended may
-- close (the postings of today never meet a closed month); closing it
-- again answers the same document.
CREATE OR REPLACE FUNCTION fin_period_close(in_month text, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  m date;
BEGIN
  out_replayed := false;
  IF in_month !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
    out_error := 'bad_query_param'; out_field := 'month';
    out_detail := 'a month is written YYYY-MM, not ' || in_month;
    RETURN;
  END IF;
  m := (in_month || '-01')::date;
  IF m >= date_trunc('month', current_date)::date THEN
    out_error := 'period_not_ended'; out_field := 'month';
    out_detail := in_month || ' has not ended';
    RETURN;
  END IF;
  INSERT INTO fin_period (month, closed_by) VALUES (m, in_user)
  ON CONFLICT (month) DO NOTHING;
  out_replayed := NOT FOUND;
  SELECT jsonb_build_object('month', in_month, 'closed_at', p.closed_at,
           'trial_balance', (SELECT jsonb_agg(to_jsonb(t))
                               FROM fin_trial_balance(jsonb_build_object(
                                 'at', (m + interval '1 month' - interval '1 day')::date)) t))
    INTO out_doc FROM fin_period p WHERE p.month = m;
END $$;

-- Sets the rate of currency in_req.currency from day in_req.date:
-- in_req.rate units of company currency per unit. Setting it again
-- replaces it for postings from then on; posted entries keep theirs.
CREATE OR REPLACE FUNCTION fin_rate_set(in_req jsonb, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  IF in_req->>'currency' = fin_currency() THEN
    out_error := 'out_of_range'; out_field := 'currency';
    out_detail := 'the company currency ' || fin_currency() || ' has rate 1';
    RETURN;
  END IF;
  INSERT INTO fin_rate (currency, day, rate)
  VALUES (in_req->>'currency', (in_req->>'date')::date,
          (in_req->>'rate')::numeric)
  ON CONFLICT (currency, day) DO UPDATE SET rate = excluded.rate,
    created_at = now();
  out_doc := jsonb_build_object('currency', in_req->>'currency',
    'date', in_req->>'date', 'rate', (in_req->>'rate')::numeric,
    'company_currency', fin_currency());
END $$;

-- Checks the lines of a manual entry: known active accounts, debits equal
-- credits (in company currency after the rate).
CREATE OR REPLACE FUNCTION fin_entry_check(in_lines jsonb, in_rate numeric,
  OUT out_error text, OUT out_field text, OUT out_detail text)
LANGUAGE plpgsql AS $$
DECLARE
  e record;
  d numeric;
BEGIN
  FOR e IN SELECT value AS v, ordinality - 1 AS i
             FROM jsonb_array_elements(in_lines) WITH ORDINALITY
  LOOP
    IF NOT EXISTS (SELECT 1 FROM fin_account WHERE code = e.v->>'account'
                      AND active) THEN
      out_error := 'unknown_account';
      out_field := 'lines[' || e.i || '].account';
      out_detail := e.v->>'account';
      RETURN;
    END IF;
  END LOOP;
  SELECT sum(round(coalesce((v->>'debit')::numeric, 0) * in_rate, 2)
             - round(coalesce((v->>'credit')::numeric, 0) * in_rate, 2))
    INTO d FROM jsonb_array_elements(in_lines) v;
  IF d <> 0 THEN
    out_error := 'entry_unbalanced'; out_field := 'lines';
    out_detail := 'debits exceed credits by ' || d;
  END IF;
END $$;

-- A manual entry (a correction): in_req {date?, summary, currency?,
-- lines: [{account, debit?, credit?, warehouse?, sku?}]}, dated today by
-- default; refused in a closed month.
CREATE OR REPLACE FUNCTION fin_entry_add(in_req jsonb, in_user bigint,
  in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  d date := coalesce((in_req->>'date')::date, current_date);
  cur text := coalesce(in_req->>'currency', fin_currency());
  r record;
  chk record;
  e bigint;
BEGIN
  out_replayed := false;
  IF EXISTS (SELECT 1 FROM fin_period
              WHERE month = date_trunc('month', d)::date) THEN
    out_error := 'period_closed'; out_field := 'date';
    out_detail := to_char(d, 'YYYY-MM') || ' is closed: post to an open month';
    RETURN;
  END IF;
  SELECT * INTO r FROM fin_rate_at(cur, d);
  IF r.out_missing THEN
    out_error := 'rate_missing'; out_field := 'currency';
    out_detail := 'no rate of ' || cur || ' on or before ' || d;
    RETURN;
  END IF;
  SELECT * INTO chk FROM fin_entry_check(in_req->'lines', r.out_rate);
  IF chk.out_error IS NOT NULL THEN
    out_error := chk.out_error; out_field := chk.out_field;
    out_detail := chk.out_detail;
    RETURN;
  END IF;
  INSERT INTO fin_entry (day, summary, source_kind, currency, rate, user_id)
  VALUES (d, coalesce(in_req->>'summary', ''), 'manual', cur, r.out_rate,
          in_user)
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, sku_id)
  SELECT e, d, v->>'account',
         round(coalesce((v->>'debit')::numeric, 0) * r.out_rate, 2),
         round(coalesce((v->>'credit')::numeric, 0) * r.out_rate, 2), cur,
         coalesce((v->>'debit')::numeric, 0)
           - coalesce((v->>'credit')::numeric, 0),
         (SELECT id FROM warehouse WHERE code = v->>'warehouse'),
         (SELECT id FROM sku WHERE code = v->>'sku')
    FROM jsonb_array_elements(in_req->'lines') v;
  out_doc := jsonb_build_object('voucher_no', e, 'date', d,
    'currency', cur, 'rate', r.out_rate);
END $$;

-- Renames or adds account in_code: in_req {name_zh, name_en, kind?,
-- active?}; a new account needs its kind.
CREATE OR REPLACE FUNCTION fin_account_put(in_code text, in_req jsonb,
  in_user bigint, in_request text, OUT out_error text, OUT out_field text,
  OUT out_detail text, OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
BEGIN
  out_replayed := false;
  IF in_code !~ '^[0-9]{4,10}$' THEN
    out_error := 'out_of_range'; out_field := 'code';
    out_detail := 'an account code is 4 to 10 digits';
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM fin_account WHERE code = in_code)
     AND in_req->>'kind' IS NULL THEN
    out_error := 'missing_field'; out_field := 'kind';
    RETURN;
  END IF;
  INSERT INTO fin_account (code, name_zh, name_en, kind, active)
  VALUES (in_code, in_req->>'name_zh', in_req->>'name_en',
          coalesce(in_req->>'kind', 'asset'),
          coalesce((in_req->>'active')::boolean, true))
  ON CONFLICT (code) DO UPDATE
    SET name_zh = excluded.name_zh, name_en = excluded.name_en,
        kind = coalesce(in_req->>'kind', fin_account.kind),
        active = coalesce((in_req->>'active')::boolean, fin_account.active),
        updated_at = now();
  SELECT to_jsonb(a) - 'updated_at' INTO out_doc FROM fin_account a
   WHERE code = in_code;
END $$;
