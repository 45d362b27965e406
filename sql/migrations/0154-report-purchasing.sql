-- Purchasing report (issue 21, item 5): what was bought per supplier,
-- warehouse, SKU, day received and currency, at the PO's unit cost, next
-- to the supplier's list cost of that moment. The receiving transaction
-- keeps it (a statement trigger on receipt_line, as 0152 keeps the staff
-- tallies), so spend by month reads a few rows per supplier and SKU, and
-- a later change of the list cost never rewrites past variance.

CREATE TABLE purchase_day (
  supplier_id  bigint NOT NULL,
  warehouse_id bigint NOT NULL,
  sku_id       bigint NOT NULL,
  day          date NOT NULL,
  currency     text NOT NULL,
  slot         smallint NOT NULL,
  lines        bigint NOT NULL DEFAULT 0,
  units        bigint NOT NULL DEFAULT 0,
  spend        numeric(18, 4) NOT NULL DEFAULT 0,
  listed_units bigint NOT NULL DEFAULT 0,
  listed_spend numeric(18, 4) NOT NULL DEFAULT 0,
  list_value   numeric(18, 4) NOT NULL DEFAULT 0,
  PRIMARY KEY (supplier_id, warehouse_id, sku_id, day, currency, slot)
);
COMMENT ON TABLE purchase_day IS
  'Units received in good order per supplier, warehouse, SKU, day received '
  '(the database''s TimeZone) and PO currency; a read sums the slots';
COMMENT ON COLUMN purchase_day.lines IS 'Receipt lines with good units';
COMMENT ON COLUMN purchase_day.spend IS
  'Good units received x the PO line''s unit cost (landed costs excluded), '
  'as the supplier performance''s value_purchased counts them';
COMMENT ON COLUMN purchase_day.listed_units IS
  'Of the units, those with a list cost to compare with: the supplier lists '
  'the SKU (supplier_sku) and the PO is in the supplier''s currency';
COMMENT ON COLUMN purchase_day.listed_spend IS
  'spend of the listed units: price variance = listed_spend - list_value';
COMMENT ON COLUMN purchase_day.list_value IS
  'listed_units x the supplier''s list cost when they were received';
CREATE INDEX purchase_day_day_idx ON purchase_day (day);

-- The received lines of one statement, grouped; the caller's rows only.
CREATE FUNCTION rpt_purchase_received() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO purchase_day AS d (supplier_id, warehouse_id, sku_id, day,
    currency, slot, lines, units, spend, listed_units, listed_spend,
    list_value)
  SELECT po.supplier_id, po.warehouse_id, pl.sku_id, r.received_at::date,
         po.currency, dash_slot(), count(*), sum(n.qty),
         sum(n.qty * pl.unit_cost),
         coalesce(sum(n.qty) FILTER (WHERE ss.cost IS NOT NULL), 0),
         coalesce(sum(n.qty * pl.unit_cost) FILTER (WHERE ss.cost IS NOT NULL),
                  0),
         coalesce(sum(n.qty * ss.cost), 0)
    FROM new_rows n
    JOIN receipt r ON r.id = n.receipt_id
    JOIN po_line pl ON pl.id = n.po_line_id
    JOIN purchase_order po ON po.id = pl.po_id
    JOIN supplier s ON s.id = po.supplier_id
    LEFT JOIN supplier_sku ss ON ss.supplier_id = po.supplier_id
     AND ss.sku_id = pl.sku_id AND s.currency = po.currency
   WHERE n.qty > 0
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (supplier_id, warehouse_id, sku_id, day, currency, slot)
  DO UPDATE SET lines = d.lines + excluded.lines,
    units = d.units + excluded.units, spend = d.spend + excluded.spend,
    listed_units = d.listed_units + excluded.listed_units,
    listed_spend = d.listed_spend + excluded.listed_spend,
    list_value = d.list_value + excluded.list_value;
  RETURN NULL;
END $$;
CREATE TRIGGER receipt_line_purchase AFTER INSERT ON receipt_line
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rpt_purchase_received();

-- What was received before this migration, at today's list costs (the
-- only ones known); slot 0.
INSERT INTO purchase_day (supplier_id, warehouse_id, sku_id, day, currency,
  slot, lines, units, spend, listed_units, listed_spend, list_value)
SELECT po.supplier_id, po.warehouse_id, pl.sku_id, r.received_at::date,
       po.currency, 0, count(*), sum(n.qty), sum(n.qty * pl.unit_cost),
       coalesce(sum(n.qty) FILTER (WHERE ss.cost IS NOT NULL), 0),
       coalesce(sum(n.qty * pl.unit_cost) FILTER (WHERE ss.cost IS NOT NULL),
                0),
       coalesce(sum(n.qty * ss.cost), 0)
  FROM receipt_line n
  JOIN receipt r ON r.id = n.receipt_id
  JOIN po_line pl ON pl.id = n.po_line_id
  JOIN purchase_order po ON po.id = pl.po_id
  JOIN supplier s ON s.id = po.supplier_id
  LEFT JOIN supplier_sku ss ON ss.supplier_id = po.supplier_id
   AND ss.sku_id = pl.sku_id AND s.currency = po.currency
 WHERE n.qty > 0
 GROUP BY 1, 2, 3, 4, 5;

