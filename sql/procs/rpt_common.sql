-- What every report (issue 21, sql/procs/rpt_*.sql) shares. Filters
-- arrive as one JSON object the server checked (web/web_report.c): from,
-- to, at (dates), group (day|week|month), by, warehouse, store, sku,
-- category, and allowed (the warehouse codes a warehouse-limited caller
-- may see; absent: all). This file sorts before the reports that use it.

-- The warehouses a report may read under filters in_f.
CREATE OR REPLACE FUNCTION rpt_warehouses(in_f jsonb)
RETURNS TABLE (id bigint, code text)
LANGUAGE sql STABLE AS $f$
  SELECT w.id, w.code FROM warehouse w
   WHERE (in_f->>'warehouse' IS NULL OR w.code = in_f->>'warehouse')
     AND (NOT in_f ? 'allowed'
          OR w.code IN (SELECT jsonb_array_elements_text(in_f->'allowed')))
$f$;

-- The SKUs a report may read under filters in_f (owner: a stock owner's
-- code, issue 23, a SKU has one owner; owner_id: the owner a 3PL client
-- caller is bound to, set by the server, never by the query).
CREATE OR REPLACE FUNCTION rpt_skus(in_f jsonb)
RETURNS TABLE (id bigint, code text, name text, category text)
LANGUAGE sql STABLE AS $f$
  SELECT s.id, s.code, s.name, s.category FROM sku s
   WHERE (in_f->>'sku' IS NULL OR s.code = in_f->>'sku')
     AND (in_f->>'category' IS NULL OR s.category = in_f->>'category')
     AND (in_f->>'owner' IS NULL
          OR s.owner_id = (SELECT o.id FROM owners o
                            WHERE o.code = in_f->>'owner'))
     AND (in_f->>'owner_id' IS NULL
          OR s.owner_id = (in_f->>'owner_id')::bigint)
$f$;

-- The suppliers a report may read under filters in_f: supplier (a code),
-- only_supplier (a supplier key's supplier id).
CREATE OR REPLACE FUNCTION rpt_suppliers(in_f jsonb)
RETURNS TABLE (id bigint, code text, name text, currency text,
  lead_time_days integer)
LANGUAGE sql STABLE AS $f$
  SELECT s.id, s.code, s.name, s.currency, s.lead_time_days FROM supplier s
   WHERE (in_f->>'supplier' IS NULL OR s.code = in_f->>'supplier')
     AND (in_f->>'only_supplier' IS NULL
          OR s.id = (in_f->>'only_supplier')::bigint)
$f$;

