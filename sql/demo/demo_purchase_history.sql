-- Months of purchasing history for the purchasing report (issue 21, item
-- 5): in_pos back-dated purchase orders over the last in_days days from
-- the demo's suppliers and a Hong Kong trader invoicing in USD, into the
-- warehouses ZZ1 and LL1, at prices a little above or below each
-- supplier's list cost. Most arrive in full, on time or a few days late,
-- some split in two receipts; some arrive short and are closed, some with
-- damaged units, some are cancelled, and the youngest are still open
-- (sent, some of them late). These are documents only (receipts carry no
-- stock move: the ledger's own history is demo_ledger_history's), so
-- stock is untouched; the report's rollup (purchase_day) is kept by the
-- receipt lines' trigger, as for live receipts. random() drives it: call
-- setseed first for the same history.

-- The trader in USD with two listed SKUs (once).
CREATE OR REPLACE FUNCTION demo_purchase_trader() RETURNS void
LANGUAGE sql AS $f$
  INSERT INTO supplier (code, name, contact_name, currency, payment_terms,
    lead_time_days)
  VALUES ('HKYX', '香港永兴贸易 Wing Hing Trading', 'Kelvin Chan', 'USD',
          'T/T 30 days', 21)
  ON CONFLICT (code) DO NOTHING;
  INSERT INTO supplier_sku (supplier_id, sku_id, supplier_code, cost, moq,
    pack_size)
  SELECT sp.id, s.id, 'WH-' || s.code, round(s.cost / 7.1, 2) + 0.30, 12, 12
    FROM supplier sp, sku s
   WHERE sp.code = 'HKYX' AND s.code IN ('LL-BOWL-01', 'LL-CUP-01')
  ON CONFLICT DO NOTHING;
$f$;

-- One receipt of in_qty good and in_bad damaged units of line in_line at
-- in_at.
CREATE OR REPLACE FUNCTION demo_purchase_receive(in_line bigint,
  in_qty bigint, in_bad bigint, in_at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  pl po_line%ROWTYPE;
  rid bigint;
BEGIN
  SELECT * INTO pl FROM po_line WHERE id = in_line;
  INSERT INTO receipt (po_id, received_at) VALUES (pl.po_id, in_at)
  RETURNING id INTO rid;
  INSERT INTO receipt_line (receipt_id, po_line_id, qty, damaged)
  VALUES (rid, in_line, in_qty, in_bad);
  UPDATE po_line SET received_qty = received_qty + in_qty,
         damaged_qty = damaged_qty + in_bad WHERE id = in_line;
  IF in_bad > 0 THEN
    INSERT INTO po_discrepancy (po_id, po_line_id, kind, qty, note, created_at)
    VALUES (pl.po_id, in_line, 'damage', in_bad, 'damaged at receipt', in_at);
  END IF;
END $$;

-- One line of PO in_po: a listed SKU of the supplier at its list cost
-- +-10 %, else any SKU at its catalog cost; its expected date in_exp.
CREATE OR REPLACE FUNCTION demo_purchase_line(in_po bigint, in_no integer,
  in_exp date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  sid bigint;
  v_sku bigint;
  v_cost numeric;
  lid bigint;
BEGIN
  SELECT supplier_id INTO sid FROM purchase_order WHERE id = in_po;
  SELECT ss.sku_id, ss.cost INTO v_sku, v_cost FROM supplier_sku ss
   WHERE ss.supplier_id = sid ORDER BY random() LIMIT 1;
  IF NOT FOUND THEN
    SELECT s.id, s.cost INTO v_sku, v_cost FROM sku s
     ORDER BY random() LIMIT 1;
  END IF;
  INSERT INTO po_line (po_id, line_no, sku_id, qty, unit_cost, expected_date)
  VALUES (in_po, in_no, v_sku, 12 * (1 + (random() * 19)::bigint),
          round(coalesce(v_cost, 10) * (0.9 + 0.2 * random())::numeric, 2),
          in_exp)
  ON CONFLICT (po_id, line_no) DO NOTHING
  RETURNING id INTO lid;
  RETURN lid;
END $$;

-- What happened to line in_line of a PO sent at in_sent: in_fate 'full',
-- 'split', 'short', 'damaged' or 'open' (units still to come).
CREATE OR REPLACE FUNCTION demo_purchase_fate(in_line bigint,
  in_fate text, in_sent timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  pl po_line%ROWTYPE;
  t timestamptz;
  half bigint;
BEGIN
  SELECT * INTO pl FROM po_line WHERE id = in_line;
  -- Arrival around the expected date: up to 5 days early, 3 days late.
  t := least(greatest(pl.expected_date::timestamptz
                        + make_interval(hours => 9 + (random() * 8)::int)
                        + make_interval(days => (random() * 8)::int - 5),
                      in_sent + interval '1 day'),
             now() - interval '1 hour');
  half := (pl.qty / 24) * 12;
  IF in_fate = 'split' AND half > 0 THEN
    PERFORM demo_purchase_receive(in_line, half, 0, least(t, now()
      - interval '2 hours'));
    PERFORM demo_purchase_receive(in_line, pl.qty - half, 0,
      least(t + make_interval(days => 1 + (random() * 4)::int),
            now() - interval '1 hour'));
  ELSIF in_fate = 'short' THEN
    PERFORM demo_purchase_receive(in_line, greatest(pl.qty - 12, 6), 0, t);
  ELSIF in_fate = 'damaged' THEN
    PERFORM demo_purchase_receive(in_line, pl.qty - 2, 2, t);
  ELSIF in_fate = 'open' AND half > 0 AND random() < 0.5 THEN
    PERFORM demo_purchase_receive(in_line, half, 0, t);
  ELSIF in_fate <> 'open' THEN
    PERFORM demo_purchase_receive(in_line, pl.qty, 0, t);
  END IF;
END $$;

-- The PO's state from its lines: received, closed short (the missing
-- units a shortage), or still open.
CREATE OR REPLACE FUNCTION demo_purchase_settle(in_po bigint, in_open boolean)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  done timestamptz;
BEGIN
  SELECT max(r.received_at) INTO done FROM receipt r WHERE r.po_id = in_po;
  IF in_open THEN
    UPDATE purchase_order SET state = CASE WHEN done IS NULL THEN 'sent'
                                           ELSE 'partially_received' END
     WHERE id = in_po;
  ELSIF EXISTS (SELECT 1 FROM po_line WHERE po_id = in_po
                   AND received_qty + damaged_qty < qty) THEN
    INSERT INTO po_discrepancy (po_id, po_line_id, kind, qty, note, created_at)
    SELECT in_po, id, 'shortage', qty - received_qty - damaged_qty,
           'closed short', done
      FROM po_line WHERE po_id = in_po AND received_qty + damaged_qty < qty;
    UPDATE purchase_order SET state = 'closed', closed_at = done
     WHERE id = in_po;
  ELSE
    UPDATE purchase_order SET state = 'received', closed_at = done
     WHERE id = in_po;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION demo_purchase_history(in_days integer,
  in_pos integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  sp supplier%ROWTYPE;
  wh bigint;
  poid bigint;
  lid bigint;
  t0 timestamptz;
  dice double precision;
  fate text;
  still_open boolean;
BEGIN
  PERFORM demo_purchase_trader();
  FOR i IN 1..in_pos LOOP
    -- The company's own buying: a 3PL client's supplier (the demo's tea
    -- garden of SHANYE) sells only its owner's SKUs (sql/procs/owner.sql).
    SELECT * INTO sp FROM supplier
     WHERE active AND owner_id = (SELECT id FROM owners WHERE is_default)
     ORDER BY random() LIMIT 1;
    SELECT id INTO wh FROM warehouse WHERE code IN ('ZZ1', 'LL1')
     ORDER BY random() LIMIT 1;
    CONTINUE WHEN sp.id IS NULL OR wh IS NULL;
    t0 := now() - make_interval(days => in_days) * random();
    dice := random();
    INSERT INTO purchase_order (number, supplier_id, warehouse_id, state,
      currency, note, created_at, submitted_at, approved_at, sent_at)
    VALUES ('PO' || to_char(t0, 'YYYYMMDD') || '-' ||
              lpad(nextval('purchase_order_number')::text, 5, '0'),
            sp.id, wh, CASE WHEN dice < 0.05 THEN 'cancelled' ELSE 'sent' END,
            sp.currency, 'history', t0 - interval '1 day',
            t0 - interval '20 hours', t0 - interval '2 hours', t0)
    RETURNING id INTO poid;
    -- Lines still due a week from now are open; so are some late ones.
    still_open := t0 + make_interval(days => sp.lead_time_days + 7) > now()
                  OR (dice > 0.95 AND dice < 0.98);
    FOR n IN 1..1 + (random() * 2)::int LOOP
      lid := demo_purchase_line(poid, n,
                                (t0 + make_interval(days => sp.lead_time_days))
                                  ::date);
      CONTINUE WHEN lid IS NULL OR dice < 0.05;
      fate := CASE WHEN still_open THEN 'open'
                   WHEN random() < 0.15 THEN 'split'
                   WHEN random() < 0.12 THEN 'short'
                   WHEN random() < 0.12 THEN 'damaged' ELSE 'full' END;
      PERFORM demo_purchase_fate(lid, fate, t0);
    END LOOP;
    IF dice >= 0.05 THEN
      PERFORM demo_purchase_settle(poid, still_open);
    END IF;
  END LOOP;
END $$;
