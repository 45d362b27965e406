#include "wms_scope.h"

#include "core_db.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each inner query yields the record's warehouse codes, one row each (a
 * NULL code when it belongs to none); scope_enforce (sql/procs) raises
 * when there are rows and none is allowed.
 */
#define SCOPE(inner)                                                           \
  "SELECT scope_enforce(count(*), coalesce(bool_or(s.code ="                   \
  " ANY(string_to_array($2, ','))), false)) FROM (" inner ") s"

#define OWN(table, col)                                                        \
  SCOPE("SELECT w.code FROM " table " x JOIN warehouse w ON w.id = x." col     \
        " WHERE x.id = $1::bigint")

static const struct core_db_stmt stmts[] = {
    [WMS_SCOPE_RESERVATION] = {"scope_reservation",
                               OWN("reservation", "warehouse_id")},
    [WMS_SCOPE_COUNT] = {"scope_count", OWN("stock_count", "warehouse_id")},
    [WMS_SCOPE_REPLENISH_TASK] = {"scope_replenish_task",
                                  OWN("replenish_task", "warehouse_id")},
    [WMS_SCOPE_TRANSFER_TO] = {"scope_transfer_to",
                               OWN("stock_transfer", "to_warehouse_id")},
    [WMS_SCOPE_PICKLIST] = {"scope_picklist", OWN("picklist", "warehouse_id")},
    [WMS_SCOPE_SHIPMENT] = {"scope_shipment", OWN("shipment", "warehouse_id")},
    [WMS_SCOPE_CARTON] = {"scope_carton",
                          SCOPE("SELECT w.code FROM carton x JOIN shipment sh"
                                " ON sh.id = x.shipment_id JOIN warehouse w"
                                " ON w.id = sh.warehouse_id"
                                " WHERE x.id = $1::bigint")},
    [WMS_SCOPE_EXCEPTION] = {"scope_exception",
                             OWN("fulfil_exception", "warehouse_id")},
    [WMS_SCOPE_PUTAWAY_TASK] = {"scope_putaway_task",
                                OWN("putaway_task", "warehouse_id")},
    [WMS_SCOPE_PURCHASE_ORDER] = {"scope_purchase_order",
                                  OWN("purchase_order", "warehouse_id")},
    /* An order: its main warehouse (the store's until it has one) and
     * every warehouse holding part of it. */
    [WMS_SCOPE_ORDER] =
        {"scope_order",
         SCOPE("SELECT w.code FROM sales_order o JOIN store st"
               " ON st.id = o.store_id JOIN warehouse w"
               " ON w.id = coalesce(o.warehouse_id, st.warehouse_id)"
               " WHERE o.id = $1::bigint"
               " UNION ALL SELECT w.code FROM order_allocation a"
               " JOIN warehouse w ON w.id = a.warehouse_id"
               " WHERE a.order_id = $1::bigint")},
    /* A customer is seen through the orders one may see; one without
     * orders belongs to no warehouse (a NULL row: denied). */
    [WMS_SCOPE_CUSTOMER] =
        {"scope_customer",
         SCOPE("SELECT w.code FROM customer c LEFT JOIN sales_order o"
               " ON o.customer_id = c.id LEFT JOIN store st"
               " ON st.id = o.store_id LEFT JOIN warehouse w"
               " ON w.id = coalesce(o.warehouse_id, st.warehouse_id)"
               " WHERE c.id = $1::bigint")},
    [WMS_SCOPE_STORE] = {"scope_store",
                         SCOPE("SELECT w.code FROM store x JOIN warehouse w"
                               " ON w.id = x.warehouse_id WHERE x.code = $1")},
    [WMS_SCOPE_STATION] = {"scope_station",
                           SCOPE("SELECT w.code FROM station x JOIN warehouse"
                                 " w ON w.id = x.warehouse_id"
                                 " WHERE x.code = $1")},
    [WMS_SCOPE_WAVE] = {"scope_wave", OWN("wave", "warehouse_id")},
    [WMS_SCOPE_RMA] = {"scope_rma", OWN("rma", "warehouse_id")},
    /* A ticket (issue 20): its store's warehouse, and its order's. */
    [WMS_SCOPE_FEEDBACK] =
        {"scope_feedback",
         SCOPE("SELECT w.code FROM feedback f JOIN store st"
               " ON st.id = f.store_id JOIN warehouse w"
               " ON w.id = st.warehouse_id WHERE f.id = $1::bigint"
               " UNION ALL SELECT w.code FROM feedback f JOIN sales_order o"
               " ON o.id = f.order_id JOIN warehouse w"
               " ON w.id = o.warehouse_id WHERE f.id = $1::bigint")},
    [WMS_SCOPE_KIND_COUNT] = {NULL, NULL},
};

void
wms_scope_register(void)
{
  core_db_register(stmts);
}

bool
wms_scope_kind_by_id(enum wms_scope_kind kind)
{
  return kind != WMS_SCOPE_STORE && kind != WMS_SCOPE_STATION;
}

/* A positive decimal id that fits a bigint (at most 18 digits). */
static bool
is_id(const char *key)
{
  size_t n = strspn(key, "0123456789");
  return n > 0 && n <= 18 && key[n] == '\0';
}

bool
wms_scope_lead(enum wms_scope_kind kind, const char *key, const char *allowed,
               struct wms_scope_lead *lead, struct core_db_rider *out)
{
  if ((int)kind < 0 || kind >= WMS_SCOPE_KIND_COUNT)
    return false;
  if (wms_scope_kind_by_id(kind) ? !is_id(key) : strlen(key) > 64)
    return false; /* no such record: the handler answers 404 */
  lead->params[0] = key;
  lead->params[1] = allowed;
  *out = (struct core_db_rider){
      .stmt = stmts[kind].name, .nparams = 2, .params = lead->params};
  return true;
}
