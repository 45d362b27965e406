#include "core_scan.h"

#include "core_arena.h"
#include "core_db.h"

static const struct core_db_stmt stmts[] = {
    {"scan_lookup",
     "SELECT doc::text FROM ("
     " SELECT 1 AS rank, json_build_object('kind', 'bin', 'bin', l.code,"
     "  'warehouse', w.code, 'zone', z.code, 'zone_type', z.type,"
     "  'blocked', l.blocked) AS doc"
     " FROM location l JOIN warehouse w ON w.id = l.warehouse_id"
     " LEFT JOIN zone z ON z.id = l.zone_id"
     " WHERE l.kind = 'bin' AND l.code = upper($1)"
     " AND ($2::text IS NULL OR w.code = $2)"
     " UNION ALL"
     " SELECT 2, json_build_object('kind', 'sku', 'sku', s.code, 'name',"
     "  s.name, 'barcode', b.code, 'pack_qty', b.pack_qty, 'lot_tracked',"
     "  s.lot_tracked, 'expiry_tracked', s.expiry_tracked)"
     " FROM barcode b JOIN sku s ON s.id = b.sku_id"
     " WHERE b.code = $1 OR b.gtin14 = $3"
     "  OR (length($1) IN (8, 12, 13, 14) AND b.gtin14 = lpad($1, 14, '0'))"
     " UNION ALL"
     " SELECT 3, json_build_object('kind', 'sku', 'sku', s.code, 'name',"
     "  s.name, 'barcode', NULL, 'pack_qty', 1, 'lot_tracked', s.lot_tracked,"
     "  'expiry_tracked', s.expiry_tracked)"
     " FROM sku s WHERE s.code = $1"
     " UNION ALL"
     " SELECT 4, json_build_object('kind', 'order', 'id', o.id, 'store',"
     "  st.code, 'external_id', o.external_id, 'state', o.state)"
     " FROM sales_order o JOIN store st ON st.id = o.store_id"
     " WHERE o.external_id = $1"
     /* An order of the warehouse asked for: its own, or one holding part
      * of it (a warehouse-limited caller always names its warehouse). */
     " AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM warehouse w"
     "  WHERE w.code = $2 AND (w.id = coalesce(o.warehouse_id, st.warehouse_id)"
     "  OR EXISTS (SELECT 1 FROM order_allocation a WHERE a.order_id = o.id"
     "  AND a.warehouse_id = w.id))))"
     " UNION ALL"
     " SELECT 1, json_build_object('kind', 'tote', 'tote', l.code,"
     "  'warehouse', w.code, 'order', (SELECT o.external_id FROM wave_order x"
     "   JOIN sales_order o ON o.id = x.order_id WHERE x.tote_id = l.id"
     "   AND o.state IN ('picking', 'packed', 'on_hold', 'partially_shipped')"
     "   AND NOT wms_part_shipped(o.id, l.warehouse_id)"
     "   ORDER BY x.wave_id DESC LIMIT 1))"
     " FROM location l JOIN warehouse w ON w.id = l.warehouse_id"
     " WHERE l.kind = 'tote' AND l.code = upper($1)"
     " AND ($2::text IS NULL OR w.code = $2)"
     " UNION ALL"
     " SELECT 4, json_build_object('kind', 'picklist', 'id', p.id,"
     "  'state', p.state, 'warehouse', w.code)"
     " FROM picklist p JOIN warehouse w ON w.id = p.warehouse_id"
     " WHERE upper($1) ~ '^PL-?[0-9]{1,18}$'"
     /* The cast under CASE: an index condition may run before the test. */
     " AND p.id = CASE WHEN upper($1) ~ '^PL-?[0-9]{1,18}$'"
     "  THEN substring(upper($1) from '[0-9]+')::bigint END"
     " AND ($2::text IS NULL OR w.code = $2)"
     " UNION ALL"
     " SELECT 4, json_build_object('kind', 'carton', 'sscc', c.sscc,"
     "  'tracking_no', c.tracking_no, 'shipment', c.shipment_id,"
     "  'state', sh.state)"
     " FROM carton c JOIN shipment sh ON sh.id = c.shipment_id"
     " WHERE (c.sscc = $1 OR c.tracking_no = upper($1))"
     " AND ($2::text IS NULL OR sh.warehouse_id ="
     "  (SELECT id FROM warehouse WHERE code = $2))"
     " UNION ALL"
     " SELECT 5, json_build_object('kind', 'badge', 'username', u.username)"
     " FROM app_user u WHERE u.badge_code = $1 AND u.active"
     " UNION ALL"
     /*
      * A PO by its number, or by the reference of one of its ASNs: what the
      * dock terminal receives against. Open units per line, never costs
      * (a picker receives but does not read purchasing).
      */
     " SELECT CASE WHEN m.asn IS NULL THEN 4 ELSE 6 END,"
     "  json_build_object('kind', 'po', 'id', po.id, 'number', po.number,"
     "  'state', po.state, 'warehouse', w.code, 'supplier', s.code,"
     "  'supplier_name', s.name, 'asn', m.asn, 'lines',"
     "  (SELECT coalesce(json_agg(json_build_object('line', l.line_no,"
     "    'sku', k.code, 'name', k.name, 'qty', l.qty,"
     "    'received', l.received_qty, 'open',"
     "    greatest(l.qty - l.received_qty - l.damaged_qty, 0))"
     "    ORDER BY l.line_no), '[]')"
     "   FROM po_line l JOIN sku k ON k.id = l.sku_id WHERE l.po_id = po.id))"
     " FROM (SELECT p.id, NULL::text AS asn FROM purchase_order p"
     "  WHERE p.number = upper($1)"
     "  UNION ALL SELECT a.po_id, a.reference FROM asn a"
     "  WHERE a.reference = $1) m"
     " JOIN purchase_order po ON po.id = m.id"
     " JOIN warehouse w ON w.id = po.warehouse_id"
     " JOIN supplier s ON s.id = po.supplier_id"
     " WHERE $2::text IS NULL OR w.code = $2"
     ") m ORDER BY rank LIMIT 1"},
    {NULL, NULL},
};

void
core_scan_register(void)
{
  core_db_register(stmts);
}

struct cls {
  const char *code, *wh, *gtin14;
  struct core_arena *arena;
  const char **doc;
};

static enum core_qs
lookup_tx(struct core_db_conn *c, void *v, enum core_ec *ec)
{
  struct cls *x = v;
  const char *p[] = {x->code, x->wh, x->gtin14};
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "scan_lookup", 3, p, &r);
  *x->doc = qs == CORE_QS_ONE ? core_arena_strdup(x->arena, PQgetvalue(r, 0, 0))
                              : NULL;
  PQclear(r);
  return qs;
}

enum core_ec
core_scan_lookup(const char *code, const char *wh, const char *gtin14,
                 struct core_arena *arena, const char **doc)
{
  struct cls x = {code, wh, gtin14, arena, doc};
  return core_db_run_tx("scan_lookup", CORE_DB_READ_COMMITTED, lookup_tx, &x);
}
