/*
 * Warehouse scope on every route, read and write: users limited to LL1
 * (one per role) call every route of the table with the keys of ZZ1's
 * records (the demo business, plus a shipment, carton, exception,
 * transfer and a ZZ1-only customer made here). Each call must be refused
 * 403 (warehouse_forbidden when the role has the permission) and change
 * no row; lists show only LL1's records. The test walks web_routes[]
 * itself, so a route added later is covered without edits.
 */
#include "api_harness.h"
#include "core_perm.h"
#include "web_routes.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct api_server srv;
static const enum core_role roles[] = {CORE_ROLE_BACK_OFFICE,
                                       CORE_ROLE_WAREHOUSE_LEAD,
                                       CORE_ROLE_PICKER, CORE_ROLE_VIEWER};
enum { NROLES = sizeof roles / sizeof roles[0] };
static char tokens[NROLES][80];

/* ZZ1's record keys, by route scope kind (web_scope.h). */
static char keys[WEB_SCOPE_FEEDBACK + 1][64];
static char zz1_sscc[32];
static char zz1_order_ref[64];

/* ZZ1 records the demo lacks: made as the floor would leave them. */
static bool
make_missing_records(void)
{
  bool ok =
      api_sql_text(
          &srv,
          "WITH o AS (SELECT o.id FROM sales_order o JOIN warehouse w"
          " ON w.id = o.warehouse_id WHERE w.code = 'ZZ1' ORDER BY o.id"
          " LIMIT 1), s AS (INSERT INTO shipment (order_id, warehouse_id,"
          " track_token) SELECT o.id, (SELECT id FROM warehouse WHERE code"
          " = 'ZZ1'), 'scope-test-token-0000000001' FROM o RETURNING id)"
          " INSERT INTO carton (shipment_id, seq, carton_type, sscc)"
          " SELECT s.id, 1, (SELECT code FROM carton_type LIMIT 1),"
          " '069012349999999990' FROM s",
          NULL, 0) &&
      api_sql_text(&srv,
                   "INSERT INTO rma (number, warehouse_id, currency)"
                   " SELECT 'RMA999999', id, 'CNY' FROM warehouse"
                   " WHERE code = 'ZZ1'",
                   NULL, 0) &&
      api_sql_text(&srv,
                   "INSERT INTO fulfil_exception (warehouse_id, kind, detail)"
                   " SELECT id, 'damaged', 'scope test' FROM warehouse"
                   " WHERE code = 'ZZ1'",
                   NULL, 0) &&
      api_sql_text(&srv,
                   "INSERT INTO stock_transfer (sku_id, qty, from_warehouse_id,"
                   " to_warehouse_id) SELECT (SELECT id FROM sku LIMIT 1), 1,"
                   " (SELECT id FROM warehouse WHERE code = 'CS3'),"
                   " (SELECT id FROM warehouse WHERE code = 'ZZ1')",
                   NULL, 0) &&
      /* A ticket of a ZZ1 store (issue 20). */
      api_sql_text(&srv,
                   "INSERT INTO feedback (number, store_id, kind, body, due_at)"
                   " SELECT 'FB1', id, 'complaint', 'scope test', now()"
                   " FROM store WHERE code = 'TMALL'",
                   NULL, 0);
  json_t *o =
      ok ? api_expect(
               &srv, "POST", "/api/v1/orders",
               "{\"store\":\"TMALL\",\"external_id\":\"SCOPE-ZZ1-1\","
               "\"currency\":\"CNY\",\"customer\":{\"name\":\"只在株洲\","
               "\"email\":\"zz1.only@example.com\"},\"ship_to\":"
               "{\"name\":\"只在株洲\",\"city\":\"株洲\",\"country_code\":"
               "\"CN\"},\"lines\":[{\"sku\":\"NOSUCH\",\"qty\":1,"
               "\"unit_price\":5}]}",
               201)
         : NULL;
  bool made = o != NULL;
  json_decref(o);
  return made;
}

#define ZZ1 "(SELECT id FROM warehouse WHERE code = 'ZZ1')"

static bool
find_keys(void)
{
  static const struct {
    enum web_scope_kind kind;
    const char *sql;
  } q[] = {
      {WEB_SCOPE_RESERVATION,
       "SELECT min(id) FROM reservation WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_COUNT,
       "SELECT min(id) FROM stock_count WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_REPLENISH_TASK,
       "SELECT min(id) FROM replenish_task WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_TRANSFER,
       "SELECT min(id) FROM stock_transfer WHERE to_warehouse_id = " ZZ1},
      {WEB_SCOPE_PICKLIST,
       "SELECT min(id) FROM picklist WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_SHIPMENT,
       "SELECT min(id) FROM shipment WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_CARTON, "SELECT min(id) FROM carton"},
      {WEB_SCOPE_EXCEPTION,
       "SELECT min(id) FROM fulfil_exception WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_PUTAWAY_TASK,
       "SELECT min(id) FROM putaway_task WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_PURCHASE_ORDER,
       "SELECT min(id) FROM purchase_order WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_ORDER,
       "SELECT min(id) FROM sales_order WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_CUSTOMER, "SELECT id FROM customer WHERE name = '只在株洲'"},
      {WEB_SCOPE_STORE, "SELECT 'TMALL'"},
      {WEB_SCOPE_STATION,
       "SELECT min(code) FROM station WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_WAREHOUSE, "SELECT 'ZZ1'"},
      {WEB_SCOPE_WAVE, "SELECT min(id) FROM wave WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_RMA, "SELECT min(id) FROM rma WHERE warehouse_id = " ZZ1},
      {WEB_SCOPE_FEEDBACK, "SELECT min(f.id) FROM feedback f JOIN store s"
                           " ON s.id = f.store_id WHERE s.warehouse_id = " ZZ1},
  };
  for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
    if (!api_sql_text(&srv, q[i].sql, keys[q[i].kind], sizeof keys[0]))
      return false;
  }
  return api_sql_text(
             &srv,
             "SELECT min(c.sscc) FROM asn_carton c JOIN asn a ON a.id ="
             " c.asn_id JOIN purchase_order p ON p.id = a.po_id"
             " WHERE c.received_at IS NULL AND p.warehouse_id = " ZZ1,
             zz1_sscc, sizeof zz1_sscc) &&
         api_sql_text(&srv,
                      "SELECT external_id FROM sales_order WHERE id = (SELECT"
                      " min(id) FROM sales_order WHERE warehouse_id = " ZZ1 ")",
                      zz1_order_ref, sizeof zz1_order_ref);
}

static const char *
user_of(size_t i)
{
  static char name[32];
  snprintf(name, sizeof name, "ll1_%s", core_perm_role_names[roles[i]]);
  return name;
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_route_scope", false, NULL) ||
      !api_seed_demo(&srv) || !make_missing_records() || !find_keys())
    return -1;
  for (size_t i = 0; i < NROLES; i++) {
    if (!api_add_user(&srv, user_of(i), core_perm_role_names[roles[i]], "LL1",
                      "route scope password") ||
        api_login(&srv, user_of(i), "route scope password", tokens[i], NULL) !=
            200)
      return -1;
  }
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/*
 * A fingerprint of every row a refused request could have changed: the
 * ledger, the documents and their states, stations and sessions aside.
 */
static void
fingerprint(char *out, size_t len)
{
  assert_true(api_sql_text(
      &srv,
      "SELECT md5(concat_ws('|',"
      " (SELECT string_agg(id || ':' || on_hand || ':' || reserved, ','"
      "  ORDER BY id) FROM stock_quant),"
      " (SELECT count(*) FROM stock_move),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM sales_order),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM purchase_order),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM reservation),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM shipment),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM carton),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM "
      "fulfil_exception),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM stock_count),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM stock_transfer),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM putaway_task),"
      " (SELECT string_agg(id || state || coalesce(picker_id, 0), ','"
      "  ORDER BY id) FROM picklist),"
      " (SELECT string_agg(code || warehouse_id || printer, ',' ORDER BY code)"
      "  FROM station),"
      " (SELECT string_agg(code || warehouse_id, ',' ORDER BY code) FROM"
      "  store), (SELECT count(*) FROM receipt)))",
      out, len));
}

/* The path of @a r with its first parameter @a key, the others "1". */
static void
concrete(const struct web_route *r, const char *key, char *out, size_t len)
{
  size_t used = 0;
  bool first = true;
  for (const char *p = r->pattern; *p != '\0' && used + 70 < len;) {
    if (*p == '{') {
      used += (size_t)snprintf(out + used, len - used, "%s",
                               first && r->scope_from == NULL ? key : "1");
      first = false;
      const char *end = strchr(p, '}');
      p = end != NULL ? end + 1 : p + strlen(p);
    } else {
      out[used++] = *p++;
    }
  }
  out[used] = '\0';
  if (r->scope_from != NULL && r->scope_from[0] == '?')
    snprintf(out + used, len - used, "?%s=%s", r->scope_from + 1, key);
}

/* The body for @a r: {} or the scope field with @a key. */
static void
body_of(const struct web_route *r, const char *key, char *out, size_t len)
{
  if (!r->json_body) {
    out[0] = '\0';
    return;
  }
  if (r->scope_from == NULL || r->scope_from[0] == '?')
    snprintf(out, len, "{}");
  else if (r->scope == WEB_SCOPE_WAREHOUSE || r->scope == WEB_SCOPE_STORE ||
           r->scope == WEB_SCOPE_STATION)
    snprintf(out, len, "{\"%s\":\"%s\"}", r->scope_from, key);
  else
    snprintf(out, len, "{\"%s\":%s}", r->scope_from, key);
}

/*
 * The values tried, in turn, for a body field a handler asks for. Input
 * errors come before the warehouse check (they touch nothing and reveal
 * nothing); the walk fills what is asked until the request is well formed
 * enough to reach the handler's transaction, whose first statement is the
 * router's check.
 */
static json_t *
filler(size_t attempt)
{
  switch (attempt) {
    case 0:
      return json_string("1");
    case 1:
      return json_integer(1);
    case 2:
      return json_pack("[{s:i}]", "qty", 1);
    default:
      return json_true();
  }
}

/*
 * The object holding field @a path ("name", "name[0]" for an item as a
 * whole, or "a[0].b[0].name") of @a doc, and the name of the field in it
 * in @a key (out); NULL when it is not there.
 */
static json_t *
field_home(json_t *doc, const char *path, char *key, size_t len)
{
  json_t *home = doc;
  for (;;) {
    size_t seg = strcspn(path, ".");
    size_t name = strcspn(path, "[.");
    snprintf(key, len, "%.*s", (int)name, path);
    if (path[seg] == '\0')
      return home; /* the last segment: the field, or its whole array */
    json_t *next = json_object_get(home, key);
    if (name < seg)
      next = json_array_get(next, 0);
    if (!json_is_object(next))
      return NULL;
    home = next;
    path += seg + 1;
  }
}

/*
 * Changes @a doc as the handler's input error @a rep asks (fill a missing
 * field, drop an unknown one, take the first allowed choice); false when
 * it cannot, or the field was tried enough (@a tries counts per field).
 */
static bool
fill_asked(json_t *doc, json_t *tries, const struct api_reply *rep)
{
  const char *field = api_error_field(rep);
  const char *code = api_error_code(rep);
  char key[64];
  json_t *home = field != NULL ? field_home(doc, field, key, sizeof key) : NULL;
  if (rep->status != 422 || home == NULL)
    return false;
  json_int_t n = json_integer_value(json_object_get(tries, field));
  if (n > 3)
    return false;
  json_object_set_new(tries, field, json_integer(n + 1));
  const char *msg = json_string_value(
      json_object_get(json_object_get(rep->json, "error"), "message"));
  const char *one_of = msg != NULL ? strstr(msg, "is not one of: ") : NULL;
  if (strcmp(code, "unknown_field") == 0)
    return json_object_del(home, key) == 0;
  if (one_of != NULL) {
    const char *first = one_of + strlen("is not one of: ");
    return json_object_set_new(home, key,
                               json_stringn(first, strcspn(first, ","))) == 0;
  }
  if (strcmp(key, "sscc") == 0 && n == 0) /* a well-formed SSCC */
    return json_object_set_new(home, key, json_string("000000000000000000")) ==
           0;
  return json_object_set_new(home, key, filler((size_t)n)) == 0;
}

/* Whether @a r as role @a who is refused; prints why not. */
static bool
check_refused(const struct web_route *r, size_t who, const char *path,
              const char *body)
{
  struct api_server s = srv;
  memcpy(s.token, tokens[who], sizeof s.token);
  json_t *doc = body[0] != '\0' ? json_loads(body, 0, NULL) : NULL;
  json_t *tries = json_object();
  struct api_reply rep = {0};
  for (int round = 0; round < 16; round++) {
    char *text = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;
    assert_true(api_json(&s, r->method, path, text, &rep));
    free(text);
    if (doc == NULL || !fill_asked(doc, tries, &rep))
      break;
    api_reply_clear(&rep);
  }
  bool perm = core_perm_role_allows(roles[who], r->perm);
  const char *want = perm ? "warehouse_forbidden" : "forbidden";
  bool ok = rep.status == 403 && strcmp(api_error_code(&rep), want) == 0;
  if (!ok)
    print_error("%s %s %s as LL1 %s: got %ld %s, want 403 %s\n", r->method,
                path, body, core_perm_role_names[roles[who]], rep.status,
                rep.body, want);
  api_reply_clear(&rep);
  json_decref(doc);
  json_decref(tries);
  return ok;
}

static void
every_route_refuses_another_warehouses_records(void **state)
{
  char before[40], after[40];
  fingerprint(before, sizeof before);
  unsigned checked = 0, leaks = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    const char *key = NULL;
    if (r->scope >= WEB_SCOPE_WAREHOUSE)
      key = keys[r->scope];
    else if (strcmp(r->pattern, "/api/v1/receiving/sscc") == 0)
      key = zz1_sscc; /* its handler decides, in its transaction */
    if (key == NULL)
      continue;
    char path[256], body[256];
    concrete(r, key, path, sizeof path);
    if (r->scope == WEB_SCOPE_IN_HANDLER)
      snprintf(body, sizeof body, "{\"code\":\"%s\"}", key);
    else
      body_of(r, key, body, sizeof body);
    for (size_t who = 0; who < NROLES; who++) {
      leaks += !check_refused(r, who, path, body);
      checked++;
    }
  }
  assert_int_equal(leaks, 0);
  fingerprint(after, sizeof after);
  assert_string_equal(before, after);
  printf("checked %u route x role pairs\n", checked);
}

/* Every item of list @a path as LL1's lead has warehouse LL1. */
static void
list_is_ll1_only(const char *path, const char *field)
{
  struct api_server s = srv;
  memcpy(s.token, tokens[1], sizeof s.token);
  json_t *j = api_expect(&s, "GET", path, NULL, 200);
  assert_non_null(j);
  json_t *items = json_is_array(j) ? j : json_object_get(j, "items");
  assert_true(json_is_array(items));
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it)
  {
    const char *wh = json_string_value(json_object_get(it, field));
    if (wh == NULL || strcmp(wh, "LL1") != 0)
      fail_msg("%s: item %zu has %s %s", path, i, field, wh ? wh : "(none)");
  }
  json_decref(j);
}

static void
lists_show_only_the_callers_warehouses(void **state)
{
  list_is_ll1_only("/api/v1/warehouses", "code");
  list_is_ll1_only("/api/v1/purchase-orders", "warehouse");
  list_is_ll1_only("/api/v1/orders", "warehouse");
  /* Every store of the demo ships from ZZ1: LL1 sees none. */
  list_is_ll1_only("/api/v1/stores", "warehouse");
  /* The customer of ZZ1 orders only is not among LL1's customers. */
  struct api_server s = srv;
  memcpy(s.token, tokens[0], sizeof s.token);
  json_t *j = api_expect(
      &s, "GET", "/api/v1/customers?q=zz1.only%40example.com", NULL, 200);
  assert_non_null(j);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  /* The admin sees that customer. */
  j = api_expect(&srv, "GET", "/api/v1/customers?q=zz1.only%40example.com",
                 NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
}

/* A scanned order reference of ZZ1 is not an order when LL1 asks. */
static void
scan_lookup_stays_in_the_callers_warehouse(void **state)
{
  struct api_server s = srv;
  memcpy(s.token, tokens[1], sizeof s.token);
  char body[160];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"LL1\"}",
           zz1_order_ref);
  json_t *j = api_expect(&s, "POST", "/api/v1/scans/resolve", body, 200);
  assert_non_null(j);
  assert_string_not_equal(json_string_value(json_object_get(j, "kind")),
                          "order");
  /* The admin finds it in ZZ1. */
  json_decref(j);
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"ZZ1\"}",
           zz1_order_ref);
  j = api_expect(&srv, "POST", "/api/v1/scans/resolve", body, 200);
  assert_string_equal(json_string_value(json_object_get(j, "kind")), "order");
  json_decref(j);
  /* A code of more digits than a bigint holds is just unknown (the pick
   * list branch casts them only when the code is PL-n). */
  j = api_expect(&srv, "POST", "/api/v1/scans/resolve",
                 "{\"code\":\"PL1234567890123456789012345\"}", 200);
  assert_non_null(j);
  json_decref(j);
}

/* A station keeps its warehouse: LL1 cannot take ZZ1's over. */
static void
a_station_cannot_be_moved_to_another_warehouse(void **state)
{
  char body[160];
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"LL1\"}",
           keys[WEB_SCOPE_STATION]);
  struct api_server s = srv;
  memcpy(s.token, tokens[1], sizeof s.token);
  struct api_reply rep;
  assert_true(api_json(&s, "POST", "/api/v1/stations", body, &rep));
  assert_int_equal(rep.status, 409);
  assert_string_equal(api_error_code(&rep), "conflict");
  api_reply_clear(&rep);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_route_refuses_another_warehouses_records),
      cmocka_unit_test(lists_show_only_the_callers_warehouses),
      cmocka_unit_test(scan_lookup_stays_in_the_callers_warehouse),
      cmocka_unit_test(a_station_cannot_be_moved_to_another_warehouse),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
