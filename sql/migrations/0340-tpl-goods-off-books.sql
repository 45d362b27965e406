-- 3PL clients' goods are not the company's inventory (issue 22 with
-- issue 23). A client's goods are held in custody (仓储保管): under the
-- 小企业会计准则 they are not an asset of the warehouse company, so their
-- moves post nothing to 1405, 6401, 2202 or the other stock accounts, and
-- sales of a client's store are the client's revenue, not 6001/1122/2221.
-- No off-balance memo account is added: the chart has none, and the memo
-- record (备查簿) of custody goods is already kept to the unit and the
-- cost by the stock ledger itself (GET /api/v1/reports/inventory?owner=X).
-- The company earns from a client only what its billing statements charge.
-- The postings are in sql/procs/fin_post.sql (fin_company_goods); this
-- migration takes out what was posted for clients' goods before: one
-- reversing entry, whose lines mirror every line of the entries of moves
-- of client SKUs, of sales of client stores' orders and of refunds on
-- them, so the ledger still balances and 1405 equals the valuation of
-- the company's own goods from today on.
DO $$
DECLARE
  e bigint;
  d date := current_date;
BEGIN
  CREATE TEMP TABLE tpl_off ON COMMIT DROP AS
  SELECT l.* FROM fin_line l JOIN fin_entry x ON x.id = l.entry_id
   WHERE (x.source_kind = 'move' AND EXISTS (
            SELECT 1 FROM stock_move m JOIN sku k ON k.id = m.sku_id
              JOIN owners o ON o.id = k.owner_id
             WHERE m.id = x.source_id AND NOT o.is_default))
      OR (x.source_kind = 'sale' AND EXISTS (
            SELECT 1 FROM order_ship_line s JOIN sales_order so
                ON so.id = s.order_id JOIN store st ON st.id = so.store_id
              JOIN owners o ON o.id = st.owner_id
             WHERE s.id = x.source_id AND NOT o.is_default))
      OR (x.source_kind = 'refund' AND EXISTS (
            SELECT 1 FROM rma_refund f JOIN rma r ON r.id = f.rma_id
              JOIN store st ON st.id = r.store_id
              JOIN owners o ON o.id = st.owner_id
             WHERE f.id = x.source_id AND NOT o.is_default));
  IF NOT EXISTS (SELECT 1 FROM tpl_off) THEN
    RETURN;
  END IF;
  -- The first day of an open month from today on.
  WHILE EXISTS (SELECT 1 FROM fin_period
                 WHERE month = date_trunc('month', d)::date) LOOP
    d := (date_trunc('month', d) + interval '1 month')::date;
  END LOOP;
  INSERT INTO fin_entry (day, summary, source_kind, currency)
  VALUES (d, '3PL clients'' goods off the books', 'manual',
          (SELECT cost_currency FROM purchasing_setting))
  RETURNING id INTO e;
  INSERT INTO fin_line (entry_id, day, account, debit, credit, currency,
    amount, warehouse_id, sku_id, store_id, order_id)
  SELECT e, d, account, greatest(-v, 0), greatest(v, 0), currency, -a,
         warehouse_id, sku_id, store_id, order_id
    FROM (SELECT account, currency, warehouse_id, sku_id, store_id, order_id,
                 sum(debit - credit) AS v, sum(amount) AS a
            FROM tpl_off GROUP BY 1, 2, 3, 4, 5, 6) x
   WHERE v <> 0 OR a <> 0;
END $$;
