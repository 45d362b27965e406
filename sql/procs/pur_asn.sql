-- Advance shipping notices for readers (issue 23 item 3, the 3PL client
-- portal): the list, each notice with its cartons and lines, and the CSV
-- upload, which checks every row and names each bad one before it writes
-- anything. Creating from a body is pur_asn_create (pur_supply.sql).

-- The stock owner of PO in_po, as the router's owner scope sees it
-- (core/core_owner.c, owner_scope_po): its supplier's owner, or, for a
-- shared supplier (the default owner's), the one owner of all its lines;
-- NULL when the lines belong to several owners or there are none.
CREATE OR REPLACE FUNCTION pur_po_owner(in_po bigint) RETURNS bigint
LANGUAGE sql STABLE AS $f$
  SELECT CASE WHEN sp.owner_id <> 1 THEN sp.owner_id
              ELSE (SELECT CASE WHEN min(k.owner_id) = max(k.owner_id)
                                THEN min(k.owner_id) END
                      FROM po_line l JOIN sku k ON k.id = l.sku_id
                     WHERE l.po_id = po.id) END
    FROM purchase_order po JOIN supplier sp ON sp.id = po.supplier_id
   WHERE po.id = in_po
$f$;

-- Whether a notified line of SKU in_sku with lot in_lot and expiry
-- in_expiry can be received as it says, without writing anything (the
-- rules of pur_lot at the dock, pur_receive.sql): the error's name and
-- the field to blame (lot or expiry), or NULLs.
CREATE OR REPLACE FUNCTION pur_asn_lot_check(in_sku bigint, in_lot text,
  in_expiry date, OUT out_error text, OUT out_field text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  s sku%ROWTYPE;
  t lot%ROWTYPE;
BEGIN
  SELECT * INTO s FROM sku WHERE id = in_sku;
  IF s.lot_tracked AND in_lot IS NULL THEN
    out_error := 'lot_required';
    out_field := 'lot';
  ELSIF NOT s.lot_tracked AND in_lot IS NOT NULL THEN
    out_error := 'lot_not_tracked';
    out_field := 'lot';
  ELSIF in_lot IS NOT NULL THEN
    SELECT * INTO t FROM lot WHERE sku_id = in_sku AND code = in_lot;
    IF NOT FOUND AND s.expiry_tracked AND in_expiry IS NULL THEN
      out_error := 'expiry_required';
      out_field := 'expiry';
    ELSIF FOUND AND in_expiry IS NOT NULL
          AND t.expiry IS DISTINCT FROM in_expiry THEN
      out_error := 'expiry_mismatch';
      out_field := 'expiry';
    END IF;
  END IF;
END $$;

-- The document of ASN in_asn: its PO, cartons with their lines, units
-- and how far it is received (announced, partially_received, received).
CREATE OR REPLACE FUNCTION pur_asn_doc(in_asn bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT jsonb_build_object('id', a.id, 'reference', a.reference,
    'purchase_order', po.id, 'po_number', po.number, 'po_state', po.state,
    'supplier', sp.code, 'warehouse', w.code, 'ship_date', a.ship_date,
    'created_at', a.created_at,
    'state', CASE WHEN c.received = 0 THEN 'announced'
                  WHEN c.received < c.cartons THEN 'partially_received'
                  ELSE 'received' END,
    'carton_count', c.cartons, 'cartons_received', c.received,
    'units', (SELECT coalesce(sum(y.qty), 0) FROM asn_line y
                JOIN asn_carton x ON x.id = y.carton_id
               WHERE x.asn_id = a.id),
    'cartons', (SELECT coalesce(jsonb_agg(jsonb_build_object('sscc', x.sscc,
                  'package_level', x.package_level,
                  'received_at', x.received_at,
                  'lines', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                              'sku', k.code, 'name', k.name, 'qty', y.qty,
                              'lot', y.lot, 'expiry', y.expiry)
                              ORDER BY k.code, y.lot), '[]')
                              FROM asn_line y JOIN sku k ON k.id = y.sku_id
                             WHERE y.carton_id = x.id)) ORDER BY x.id), '[]')
                  FROM asn_carton x WHERE x.asn_id = a.id))
    FROM asn a JOIN purchase_order po ON po.id = a.po_id
    JOIN supplier sp ON sp.id = po.supplier_id
    JOIN warehouse w ON w.id = po.warehouse_id
    CROSS JOIN LATERAL (SELECT count(*) AS cartons,
                               count(x.received_at) AS received
                          FROM asn_carton x WHERE x.asn_id = a.id) c
   WHERE a.id = in_asn
$f$;

-- ASNs newest first under filters in_f: owner (an owner id: its POs'
-- only), only_supplier (a supplier key's), warehouses (comma-separated
-- codes), purchase_order (an id), q (reference, PO number or SSCC),
-- before (an id), limit.
CREATE OR REPLACE FUNCTION pur_asn_list(in_f jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $f$
  SELECT coalesce(jsonb_agg(pur_asn_doc(x.id) ORDER BY x.id DESC), '[]')
    FROM (SELECT a.id FROM asn a
            JOIN purchase_order po ON po.id = a.po_id
            JOIN warehouse w ON w.id = po.warehouse_id
           WHERE (in_f->>'warehouses' IS NULL
                  OR w.code = ANY (string_to_array(in_f->>'warehouses', ',')))
             AND (in_f->>'only_supplier' IS NULL
                  OR po.supplier_id = (in_f->>'only_supplier')::bigint)
             AND (in_f->>'purchase_order' IS NULL
                  OR po.id = (in_f->>'purchase_order')::bigint)
             AND (in_f->>'before' IS NULL OR a.id < (in_f->>'before')::bigint)
             AND (in_f->>'q' IS NULL OR a.reference = in_f->>'q'
                  OR po.number = upper(in_f->>'q')
                  OR EXISTS (SELECT 1 FROM asn_carton x
                              WHERE x.asn_id = a.id AND x.sscc = in_f->>'q'))
             AND (in_f->>'owner' IS NULL
                  OR pur_po_owner(po.id) = (in_f->>'owner')::bigint)
           ORDER BY a.id DESC LIMIT (in_f->>'limit')::int) x
$f$;

-- An ASN from the rows of a CSV file for PO in_po: in_rows [{line, sscc,
-- sku, qty, lot, expiry, error, field, message}], every value text as the
-- file had it; a row whose syntax C refused already carries its error.
-- Each remaining row is checked against the PO (the SKU is on it, the
-- expiry not past, the SSCC not notified before) and its SKU's lot rules
-- (pur_asn_lot_check); if any row is bad,
-- nothing is written and the refusal asn_rows_invalid lists every bad
-- row in params.rows ({line, field, code, message, params: the figures
-- of the code's words, as a refusal's params}). Otherwise the rows,
-- grouped into cartons by SSCC in the order of the file, become one ASN
-- through pur_asn_create. in_only: a supplier key's supplier. in_bad_file:
-- why C could not read the file as a whole (not CSV, no header): refused
-- here, after the router's scope check of the PO, so a file never tells
-- whether another owner's PO exists.
CREATE OR REPLACE FUNCTION pur_asn_import(in_po bigint, in_ref text,
  in_ship_date date, in_rows jsonb, in_only bigint, in_bad_file text,
  OUT out_error text, OUT out_field text, OUT out_detail text,
  OUT out_doc jsonb, OUT out_replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  bad jsonb := '[]';
  r record;
  lc record;
  cartons jsonb;
  v_number text;
BEGIN
  out_replayed := false;
  SELECT number INTO v_number FROM purchase_order WHERE id = in_po
     AND (in_only IS NULL OR supplier_id = in_only);
  IF NOT FOUND THEN
    out_error := 'not_found';
    out_field := 'purchase_order';
    RETURN;
  END IF;
  IF in_bad_file IS NOT NULL THEN
    out_error := 'invalid_value';
    out_field := 'csv';
    out_detail := in_bad_file;
    RETURN;
  END IF;
  FOR r IN SELECT value AS v FROM jsonb_array_elements(in_rows)
  LOOP
    IF r.v->>'error' IS NOT NULL THEN
      bad := bad || jsonb_build_object('line', (r.v->>'line')::int,
        'field', r.v->>'field', 'code', r.v->>'error',
        'message', r.v->>'message');
    ELSIF NOT EXISTS (SELECT 1 FROM po_line pl JOIN sku k ON k.id = pl.sku_id
                       WHERE pl.po_id = in_po AND k.code = r.v->>'sku') THEN
      bad := bad || jsonb_build_object('line', (r.v->>'line')::int,
        'field', 'sku', 'code', 'sku_not_on_po',
        'message', 'SKU ' || (r.v->>'sku') || ' is not on the purchase order',
        'params', jsonb_build_object('sku', r.v->>'sku', 'number', v_number));
    ELSIF (r.v->>'expiry')::date < current_date THEN
      bad := bad || jsonb_build_object('line', (r.v->>'line')::int,
        'field', 'expiry', 'code', 'expiry_past',
        'message', 'expiry ' || (r.v->>'expiry') || ' has passed');
    ELSIF EXISTS (SELECT 1 FROM asn_carton WHERE sscc = r.v->>'sscc') THEN
      bad := bad || jsonb_build_object('line', (r.v->>'line')::int,
        'field', 'sscc', 'code', 'already_exists',
        'message', 'carton ' || (r.v->>'sscc') || ' was notified before');
    ELSE
      SELECT * INTO lc FROM pur_asn_lot_check(
        (SELECT id FROM sku WHERE code = r.v->>'sku'), r.v->>'lot',
        (r.v->>'expiry')::date);
      IF lc.out_error IS NOT NULL THEN
        bad := bad || jsonb_build_object('line', (r.v->>'line')::int,
          'field', lc.out_field, 'code', lc.out_error,
          'message', 'SKU ' || (r.v->>'sku') || ': ' || lc.out_error);
      END IF;
    END IF;
  END LOOP;
  IF jsonb_array_length(bad) > 0 THEN
    out_error := 'asn_rows_invalid';
    out_field := 'csv';
    out_detail := jsonb_array_length(bad) || ' of '
      || jsonb_array_length(in_rows) || ' rows cannot be taken: '
      || 'nothing was saved';
    out_doc := jsonb_build_object('params', jsonb_build_object('rows', bad));
    RETURN;
  END IF;
  SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('sscc', g.sscc,
                   'package_level', g.level, 'lines', g.lines))
                   ORDER BY g.first)
    INTO cartons
    FROM (SELECT v->>'sscc' AS sscc, min(n) AS first,
                 max(nullif(v->>'package_level', '')) AS level,
                 jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                   'sku', v->>'sku', 'qty', (v->>'qty')::bigint,
                   'lot', nullif(v->>'lot', ''),
                   'expiry', nullif(v->>'expiry', ''))) ORDER BY n) AS lines
            FROM jsonb_array_elements(in_rows) WITH ORDINALITY AS e (v, n)
           GROUP BY v->>'sscc') g;
  SELECT * INTO out_error, out_field, out_detail, out_doc, out_replayed
    FROM pur_asn_create(in_po, in_ref, in_ship_date, cartons, in_only);
  IF out_error IS NULL THEN
    out_doc := pur_asn_doc((out_doc->>'id')::bigint);
  END IF;
END $$;
