/*
 * Stock owners and client access (issue 23 items 1 and 2), on the demo
 * business with two 3PL clients made here, ACME and BETA, each with a
 * product, a store, stock, an order; BETA also a supplier, a PO, a
 * shipment and a return:
 *  - owners CRUD and the owner of products, stores and suppliers;
 *  - the rules of the schema (sql/procs/owner.sql): an order line of
 *    another owner than the store's, a PO line of another owner than a
 *    non-shared supplier's, two owners in a bin without mixed_owners are
 *    refused with their codes; a mixed bin or zone takes both;
 *  - client isolation: a user of role client and an API key of ACME walk
 *    every route of the table with BETA's record keys (404 for a record,
 *    403 for a route not for clients) and change nothing; their lists
 *    hold ACME's records only. The walk reads web_routes[] itself, so a
 *    route added later is covered without edits;
 *  - the client portal's lists (issue 23 item 3): returns, shipments, POs
 *    and ASNs hold the client's own only; an ASN uploaded as CSV is
 *    checked row by row, a bad file names every bad row and saves nothing.
 */
#include "api_harness.h"
#include "core_perm.h"
#include "web_routes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct api_server srv;
static char client_token[80]; /* ACME's user of role client */
static char client_key[80];   /* ACME's API key */

/* BETA's record keys, by route owner kind (web_owner.h). */
static char keys[WEB_OWNER_PO + 1][64];

static void
ok(const char *method, const char *path, const char *body, long status)
{
  json_t *j = api_expect(&srv, method, path, body, status);
  if (j == NULL)
    fail_msg("%s %s: not %ld", method, path, status);
  json_decref(j);
}

/* @a method @a path as @a token answers @a status with error @a code. */
static void
refused(const char *token, const char *method, const char *path,
        const char *body, long status, const char *code)
{
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", token);
  struct api_reply rep;
  assert_true(api_json(&s, method, path, body, &rep));
  if (rep.status != status || strcmp(api_error_code(&rep), code) != 0)
    fail_msg("%s %s: got %ld %s, want %ld %s", method, path, rep.status,
             rep.body, status, code);
  api_reply_clear(&rep);
}

static bool
make_key(void)
{
  const char *opts[] = {"--name",  "acme-erp",     "--scope", "stock:read",
                        "--scope", "orders:write", "--scope", "catalog:read",
                        "--owner", "ACME",         NULL};
  return api_make_key(&srv, opts, client_key, sizeof client_key);
}

/* An order of @a store for @a sku, as the admin; its id into @a id. */
static bool
order(const char *store, const char *ref, const char *sku, char *id, size_t len)
{
  char body[512];
  snprintf(body, sizeof body,
           "{\"store\":\"%s\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"客户\",\"email\":\"%s@example.com\"},"
           "\"ship_to\":{\"name\":\"客户\",\"city\":\"上海\","
           "\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"%s\",\"qty\":1,"
           "\"unit_price\":9}]}",
           store, ref, ref, sku);
  json_t *o = api_expect(&srv, "POST", "/api/v1/orders", body, 201);
  if (o == NULL)
    return false;
  snprintf(id, len, "%" JSON_INTEGER_FORMAT,
           json_integer_value(json_object_get(o, "id")));
  json_decref(o);
  return true;
}

/* An ASN of one carton @a sscc of 5 @a sku for the PO of @a supplier. */
static bool
asn(const char *supplier, const char *ref, const char *sscc, const char *sku)
{
  char po[32], body[400];
  char sql[200];
  snprintf(sql, sizeof sql,
           "SELECT min(p.id) FROM purchase_order p JOIN supplier s"
           " ON s.id = p.supplier_id WHERE s.code = '%s'",
           supplier);
  if (!api_sql_text(&srv, sql, po, sizeof po))
    return false;
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"%s\",\"cartons\":[{"
           "\"sscc\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"qty\":5}]}]}",
           po, ref, sscc, sku);
  json_t *j = api_expect(&srv, "POST", "/api/v1/asns", body, 201);
  json_decref(j);
  return j != NULL;
}

/* The two clients, their goods and records; BETA's keys. */
static bool
make_clients(void)
{
  static const char *const posts[][2] = {
      {"/api/v1/owners", "{\"code\":\"ACME\",\"name\":\"Acme 3PL client\","
                         "\"contact\":\"ops@acme.example\","
                         "\"billing_currency\":\"USD\"}"},
      {"/api/v1/owners", "{\"code\":\"BETA\",\"name\":\"贝塔贸易\"}"},
      {"/api/v1/products",
       "{\"sku\":\"ACME-1\",\"name\":\"Acme widget\",\"owner\":\"ACME\"}"},
      {"/api/v1/products",
       "{\"sku\":\"BETA-1\",\"name\":\"贝塔杯\",\"owner\":\"BETA\"}"},
      {"/api/v1/stores", "{\"code\":\"ACME-SHOP\",\"name\":\"Acme shop\","
                         "\"channel\":\"api\",\"warehouse\":\"ZZ1\","
                         "\"owner\":\"ACME\"}"},
      {"/api/v1/stores", "{\"code\":\"BETA-SHOP\",\"name\":\"贝塔店\","
                         "\"channel\":\"api\",\"warehouse\":\"ZZ1\","
                         "\"owner\":\"BETA\"}"},
      {"/api/v1/suppliers",
       "{\"code\":\"BETA-SUP\",\"name\":\"贝塔供应\",\"owner\":\"BETA\"}"},
      {"/api/v1/warehouses/ZZ1/zones",
       "{\"code\":\"OWN\",\"type\":\"reserve\"}"},
      {"/api/v1/warehouses/ZZ1/zones",
       "{\"code\":\"MIX\",\"type\":\"reserve\",\"mixed_owners\":true}"},
      {"/api/v1/warehouses/ZZ1/bins", "{\"code\":\"OWN-1\",\"zone\":\"OWN\"}"},
      {"/api/v1/warehouses/ZZ1/bins", "{\"code\":\"OWN-2\",\"zone\":\"OWN\"}"},
      {"/api/v1/warehouses/ZZ1/bins",
       "{\"code\":\"OWN-M\",\"zone\":\"OWN\",\"mixed_owners\":true}"},
      {"/api/v1/warehouses/ZZ1/bins", "{\"code\":\"MIX-1\",\"zone\":\"MIX\"}"},
      {"/api/v1/stock/adjustments",
       "{\"warehouse\":\"ZZ1\",\"bin\":\"OWN-1\",\"sku\":\"ACME-1\","
       "\"qty_delta\":10}"},
      {"/api/v1/stock/adjustments",
       "{\"warehouse\":\"ZZ1\",\"bin\":\"OWN-2\",\"sku\":\"BETA-1\","
       "\"qty_delta\":10}"},
      {"/api/v1/purchase-orders",
       "{\"supplier\":\"BETA-SUP\",\"warehouse\":\"ZZ1\",\"lines\":[{"
       "\"sku\":\"BETA-1\",\"qty\":5,\"unit_cost\":2}]}"},
      {"/api/v1/suppliers",
       "{\"code\":\"ACME-SUP\",\"name\":\"Acme supply\",\"owner\":\"ACME\"}"},
      {"/api/v1/purchase-orders",
       "{\"supplier\":\"ACME-SUP\",\"warehouse\":\"ZZ1\",\"lines\":[{"
       "\"sku\":\"ACME-1\",\"qty\":50,\"unit_cost\":1}]}"},
  };
  for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
    json_t *j = api_expect(&srv, "POST", posts[i][0], posts[i][1], 201);
    if (j == NULL)
      return false;
    json_decref(j);
  }
  char acme_order[32];
  bool made =
      order("ACME-SHOP", "ACME-O1", "ACME-1", acme_order, sizeof acme_order) &&
      /* Both POs sent to their suppliers, each with an ASN. */
      api_sql_text(&srv,
                   "UPDATE purchase_order SET state = 'sent', sent_at = now()"
                   " WHERE supplier_id IN (SELECT id FROM supplier WHERE code"
                   " IN ('ACME-SUP', 'BETA-SUP'))",
                   NULL, 0) &&
      asn("ACME-SUP", "ACME-ASN-1", "006951234000000013", "ACME-1") &&
      asn("BETA-SUP", "BETA-ASN-1", "006951234000000020", "BETA-1") &&
      /* ACME's order shipped and returned too, as BETA's below. */
      api_sql_text(
          &srv,
          "INSERT INTO shipment (order_id, warehouse_id, track_token)"
          " SELECT o.id, coalesce(o.warehouse_id, (SELECT id FROM"
          " warehouse WHERE code = 'ZZ1')), 'owner-test-token-000000002'"
          " FROM sales_order o WHERE o.external_id = 'ACME-O1';"
          " INSERT INTO shipment_order (shipment_id, order_id)"
          " SELECT s.id, s.order_id FROM shipment s JOIN sales_order o"
          " ON o.id = s.order_id WHERE o.external_id = 'ACME-O1'",
          NULL, 0) &&
      api_sql_text(&srv,
                   "INSERT INTO rma (number, order_id, store_id, warehouse_id,"
                   " currency) SELECT 'RMA777777', o.id, o.store_id,"
                   " (SELECT id FROM warehouse WHERE code = 'ZZ1'), 'CNY'"
                   " FROM sales_order o WHERE o.external_id = 'ACME-O1'",
                   NULL, 0) &&
      order("BETA-SHOP", "BETA-O1", "BETA-1", keys[WEB_OWNER_ORDER],
            sizeof keys[0]) &&
      /* A shipment and a return of BETA's order, as the floor leaves them. */
      api_sql_text(
          &srv,
          "INSERT INTO shipment (order_id, warehouse_id, track_token)"
          " SELECT o.id, coalesce(o.warehouse_id, (SELECT id FROM"
          " warehouse WHERE code = 'ZZ1')), 'owner-test-token-000000001'"
          " FROM sales_order o WHERE o.external_id = 'BETA-O1'",
          NULL, 0) &&
      api_sql_text(&srv,
                   "INSERT INTO rma (number, order_id, store_id, warehouse_id,"
                   " currency) SELECT 'RMA888888', o.id, o.store_id,"
                   " (SELECT id FROM warehouse WHERE code = 'ZZ1'), 'CNY'"
                   " FROM sales_order o WHERE o.external_id = 'BETA-O1'",
                   NULL, 0);
  snprintf(keys[WEB_OWNER_OWNER], sizeof keys[0], "BETA");
  snprintf(keys[WEB_OWNER_SKU], sizeof keys[0], "BETA-1");
  snprintf(keys[WEB_OWNER_STORE], sizeof keys[0], "BETA-SHOP");
  return made &&
         api_sql_text(&srv,
                      "SELECT min(s.id) FROM shipment s JOIN sales_order o"
                      " ON o.id = s.order_id WHERE o.external_id = 'BETA-O1'",
                      keys[WEB_OWNER_SHIPMENT], sizeof keys[0]) &&
         api_sql_text(&srv, "SELECT id FROM rma WHERE number = 'RMA888888'",
                      keys[WEB_OWNER_RMA], sizeof keys[0]) &&
         api_sql_text(&srv,
                      "SELECT min(p.id) FROM purchase_order p JOIN supplier s"
                      " ON s.id = p.supplier_id WHERE s.code = 'BETA-SUP'",
                      keys[WEB_OWNER_PO], sizeof keys[0]);
}

/* The number of items of list @a path as @a token (200 expected). */
static size_t
count_items(const char *token, const char *path)
{
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", token);
  json_t *j = api_expect(&s, "GET", path, NULL, 200);
  assert_non_null(j);
  size_t n = json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

static int
setup(void **state)
{
  /* The route walk makes hundreds of requests a second with one API key:
   * the per-key rate limit (test_api_rate_limit) is not under test here. */
  static const char *const env[] = {"DEPOT_RATE_KEY=0", NULL};
  if (!api_server_start(&srv, "api_owners", false, env) ||
      !api_seed_demo(&srv) || !make_clients())
    return -1;
  json_t *u = api_expect(&srv, "POST", "/api/v1/users",
                         "{\"username\":\"acme_client\",\"role\":\"client\","
                         "\"owner\":\"ACME\",\"password\":\"owners test "
                         "password\"}",
                         201);
  bool made = u != NULL;
  json_decref(u);
  if (!made || api_login(&srv, "acme_client", "owners test password",
                         client_token, NULL) != 200)
    return -1;
  return make_key() ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static void
owners_are_created_read_listed_and_changed(void **state)
{
  json_t *j = api_expect(&srv, "GET", "/api/v1/owners/ACME", NULL, 200);
  assert_non_null(j);
  assert_string_equal(json_string_value(json_object_get(j, "contact")),
                      "ops@acme.example");
  assert_string_equal(json_string_value(json_object_get(j, "billing_currency")),
                      "USD");
  json_decref(j);
  /* The company itself is the default owner of everything before. */
  j = api_expect(&srv, "GET", "/api/v1/owners?q=self", NULL, 200);
  json_t *items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_true(
      json_is_true(json_object_get(json_array_get(items, 0), "default")));
  json_decref(j);
  j = api_expect(&srv, "GET", "/api/v1/products/LL-CUP-01", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(j, "owner")), "SELF");
  json_decref(j);
  ok("PATCH", "/api/v1/owners/BETA", "{\"name\":\"Beta Trading\"}", 200);
  j = api_expect(&srv, "GET", "/api/v1/owners/BETA", NULL, 200);
  assert_string_equal(json_string_value(json_object_get(j, "name")),
                      "Beta Trading");
  json_decref(j);
  refused(srv.token, "POST", "/api/v1/owners",
          "{\"code\":\"ACME\",\"name\":\"again\"}", 409, "already_exists");
  refused(srv.token, "POST", "/api/v1/owners",
          "{\"code\":\"X1\",\"name\":\"x\",\"billing_currency\":\"U1\"}", 422,
          "invalid_value");
  refused(srv.token, "GET", "/api/v1/owners/NOPE", NULL, 404, "not_found");
  refused(srv.token, "PATCH", "/api/v1/owners/NOPE", "{\"name\":\"n\"}", 404,
          "not_found");
  refused(srv.token, "GET", "/api/v1/products?owner=NOPE", NULL, 422,
          "unknown_owner");
  refused(srv.token, "POST", "/api/v1/products",
          "{\"sku\":\"NOPE-1\",\"name\":\"n\",\"owner\":\"NOPE\"}", 422,
          "unknown_owner");
  /* Lists by owner. */
  j = api_expect(&srv, "GET", "/api/v1/products?owner=BETA", NULL, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  json_decref(j);
  j = api_expect(&srv, "GET", "/api/v1/stores?owner=ACME", NULL, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "code")),
      "ACME-SHOP");
  json_decref(j);
  j = api_expect(&srv, "GET", "/api/v1/suppliers?owner=BETA", NULL, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  json_decref(j);
  j = api_expect(&srv, "GET", "/api/v1/stock?owner=ACME", NULL, 200);
  items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "sku")),
      "ACME-1");
  json_decref(j);
}

static void
the_rules_of_owners_are_enforced(void **state)
{
  /* An order of ACME's store cannot take BETA's product. */
  refused(srv.token, "POST", "/api/v1/orders",
          "{\"store\":\"ACME-SHOP\",\"external_id\":\"ACME-BAD\","
          "\"currency\":\"CNY\",\"customer\":{\"name\":\"x\","
          "\"email\":\"x@example.com\"},\"ship_to\":"
          "{\"name\":\"x\",\"city\":\"上海\",\"country_code\":\"CN\"},"
          "\"lines\":[{\"sku\":\"BETA-1\",\"qty\":1,\"unit_price\":9}]}",
          409, "order_line_owner");
  /* BETA's supplier delivers only BETA's goods; a shared one anyone's. */
  refused(srv.token, "POST", "/api/v1/purchase-orders",
          "{\"supplier\":\"BETA-SUP\",\"warehouse\":\"ZZ1\",\"lines\":[{"
          "\"sku\":\"ACME-1\",\"qty\":5,\"unit_cost\":2}]}",
          409, "po_line_owner");
  char shared[64];
  assert_true(api_sql_text(&srv,
                           "SELECT min(code) FROM supplier WHERE owner_id = 1",
                           shared, sizeof shared));
  char body[300];
  snprintf(body, sizeof body,
           "{\"supplier\":\"%s\",\"warehouse\":\"ZZ1\",\"lines\":[{"
           "\"sku\":\"ACME-1\",\"qty\":5,\"unit_cost\":2},{\"sku\":"
           "\"BETA-1\",\"qty\":5,\"unit_cost\":2}]}",
           shared);
  ok("POST", "/api/v1/purchase-orders", body, 201);
  /* One owner per bin, unless the bin or its zone says mixed_owners. */
  refused(srv.token, "POST", "/api/v1/stock/adjustments",
          "{\"warehouse\":\"ZZ1\",\"bin\":\"OWN-1\",\"sku\":\"BETA-1\","
          "\"qty_delta\":1}",
          409, "bin_owner_mixed");
  refused(srv.token, "POST", "/api/v1/stock/moves",
          "{\"warehouse\":\"ZZ1\",\"sku\":\"BETA-1\",\"from_bin\":\"OWN-2\","
          "\"to_bin\":\"OWN-1\",\"qty\":1}",
          409, "bin_owner_mixed");
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"ZZ1\",\"sku\":\"BETA-1\",\"from_bin\":\"OWN-2\","
     "\"to_bin\":\"MIX-1\",\"qty\":1}",
     201);
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"ZZ1\",\"sku\":\"ACME-1\",\"from_bin\":\"OWN-1\","
     "\"to_bin\":\"MIX-1\",\"qty\":1}",
     201);
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"ZZ1\",\"sku\":\"ACME-1\",\"from_bin\":\"OWN-1\","
     "\"to_bin\":\"OWN-M\",\"qty\":1}",
     201);
  ok("POST", "/api/v1/stock/moves",
     "{\"warehouse\":\"ZZ1\",\"sku\":\"BETA-1\",\"from_bin\":\"OWN-2\","
     "\"to_bin\":\"OWN-M\",\"qty\":1}",
     201);
  char units[32];
  assert_true(api_sql_text(&srv,
                           "SELECT count(DISTINCT s.owner_id) FROM stock_quant"
                           " q JOIN sku s ON s.id = q.sku_id JOIN location l"
                           " ON l.id = q.location_id WHERE l.code = 'MIX-1'"
                           " AND q.on_hand > 0",
                           units, sizeof units));
  assert_string_equal(units, "2");
  /* A product with stock keeps its owner; a store with orders too. */
  refused(srv.token, "PATCH", "/api/v1/products/ACME-1", "{\"owner\":\"BETA\"}",
          409, "owner_fixed");
  refused(srv.token, "PATCH", "/api/v1/stores/ACME-SHOP",
          "{\"owner\":\"BETA\"}", 409, "owner_fixed");
  /* Users: a client has an owner, and only a client. */
  refused(srv.token, "POST", "/api/v1/users",
          "{\"username\":\"c2\",\"role\":\"client\",\"password\":\"a long "
          "password\"}",
          422, "client_owner");
  refused(srv.token, "POST", "/api/v1/users",
          "{\"username\":\"c3\",\"role\":\"viewer\",\"owner\":\"ACME\","
          "\"password\":\"a long password\"}",
          422, "client_owner");
  refused(srv.token, "POST", "/api/v1/users",
          "{\"username\":\"c4\",\"role\":\"client\",\"owner\":\"NOPE\","
          "\"password\":\"a long password\"}",
          422, "unknown_owner");
}

/* A fingerprint of every row a refused request could have changed. */
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
      " (SELECT count(*) FROM order_line),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM purchase_order),"
      " (SELECT count(*) FROM po_line), (SELECT count(*) FROM asn),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM shipment),"
      " (SELECT string_agg(id || state, ',' ORDER BY id) FROM rma),"
      " (SELECT string_agg(code || name || owner_id, ',' ORDER BY code)"
      "  FROM sku), (SELECT string_agg(code || name || owner_id || active, ','"
      "  ORDER BY code) FROM store),"
      " (SELECT string_agg(code || name || contact, ',' ORDER BY code)"
      "  FROM owners), (SELECT count(*) FROM app_user),"
      " (SELECT count(*) FROM webhook)))",
      out, len));
}

/* The path of @a r with its owner key @a key, the other parameters "1". */
static void
concrete(const struct web_route *r, const char *key, char *out, size_t len)
{
  size_t used = 0;
  bool first = true;
  for (const char *p = r->pattern; *p != '\0' && used + 70 < len;) {
    if (*p == '{') {
      used += (size_t)snprintf(out + used, len - used, "%s",
                               first && r->owner_from == NULL ? key : "1");
      first = false;
      const char *end = strchr(p, '}');
      p = end != NULL ? end + 1 : p + strlen(p);
    } else {
      out[used++] = *p++;
    }
  }
  out[used] = '\0';
}

/*
 * The values tried, in turn, for a body field a handler asks for: input
 * errors come before the handler's transaction, whose first statement is
 * the router's owner check.
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

/* The object holding field @a path of @a doc; its name into @a key. */
static json_t *
field_home(json_t *doc, const char *path, char *key, size_t len)
{
  json_t *home = doc;
  for (;;) {
    size_t seg = strcspn(path, ".");
    size_t name = strcspn(path, "[.");
    snprintf(key, len, "%.*s", (int)name, path);
    if (path[seg] == '\0')
      return home;
    json_t *next = json_object_get(home, key);
    if (name < seg)
      next = json_array_get(next, 0);
    if (!json_is_object(next))
      return NULL;
    home = next;
    path += seg + 1;
  }
}

/* Fills what input error @a rep asks for in @a doc; false when it cannot. */
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
  if (strcmp(key, "sscc") == 0 && n == 0)
    return json_object_set_new(home, key, json_string("000000000000000000")) ==
           0;
  return json_object_set_new(home, key, filler((size_t)n)) == 0;
}

/* What a client of ACME must get on @a r: status and code. */
static long
wanted(const struct web_route *r, const char *scopes, const char **code)
{
  bool perm = scopes != NULL ? core_perm_scopes_allow(scopes, r->perm)
                             : core_perm_role_allows(CORE_ROLE_CLIENT, r->perm);
  *code = "forbidden";
  if (!perm)
    return 403;
  if (r->owner == WEB_OWNER_REFUSED) {
    *code = "owner_forbidden";
    return 403;
  }
  *code = "not_found";
  return 404;
}

/* Whether @a r, called by @a token with BETA's key, is refused. */
static bool
check_refused(const struct web_route *r, const char *token, const char *who,
              const char *scopes)
{
  const char *key = r->owner >= WEB_OWNER_OWNER ? keys[r->owner] : "1";
  char path[256], body[256] = "";
  concrete(r, key, path, sizeof path);
  if (r->json_body && r->owner_from != NULL) {
    bool text = r->owner == WEB_OWNER_STORE || r->owner == WEB_OWNER_SKU ||
                r->owner == WEB_OWNER_OWNER;
    snprintf(body, sizeof body, text ? "{\"%s\":\"%s\"}" : "{\"%s\":%s}",
             r->owner_from, key);
  } else if (r->json_body) {
    snprintf(body, sizeof body, "{}");
  }
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", token);
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
  const char *code;
  long want = wanted(r, scopes, &code);
  bool good = rep.status == want && strcmp(api_error_code(&rep), code) == 0;
  if (!good)
    print_error("%s %s %s as %s: got %ld %s, want %ld %s\n", r->method, path,
                body, who, rep.status, rep.body, want, code);
  api_reply_clear(&rep);
  json_decref(doc);
  json_decref(tries);
  return good;
}

static void
every_route_hides_another_owners_records(void **state)
{
  char before[40], after[40];
  fingerprint(before, sizeof before);
  unsigned checked = 0, leaks = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    /* Public routes hold no owner's data; lists and the caller's own
     * session are checked below. */
    if (strcmp(r->perm, CORE_PERM_PUBLIC) == 0 || r->owner == WEB_OWNER_FREE ||
        r->owner == WEB_OWNER_LIST)
      continue;
    leaks += !check_refused(r, client_token, "ACME's client user", NULL);
    leaks += !check_refused(r, client_key, "ACME's API key",
                            "stock:read,orders:write,catalog:read");
    checked += 2;
  }
  assert_int_equal(leaks, 0);
  fingerprint(after, sizeof after);
  assert_string_equal(before, after);
  printf("checked %u route x client pairs\n", checked);
}

/* Every item of @a path as @a token has @a field equal to @a want. */
static size_t
list_only(const char *token, const char *path, const char *field,
          const char *want)
{
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", token);
  json_t *j = api_expect(&s, "GET", path, NULL, 200);
  assert_non_null(j);
  json_t *items = json_is_array(j) ? j : json_object_get(j, "items");
  assert_true(json_is_array(items));
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it)
  {
    const char *v = json_string_value(json_object_get(it, field));
    if (v == NULL || strcmp(v, want) != 0)
      fail_msg("%s: item %zu has %s %s", path, i, field, v ? v : "(none)");
  }
  size_t n = json_array_size(items);
  json_decref(j);
  return n;
}

static void
a_client_sees_its_own_goods_and_orders_only(void **state)
{
  const char *const who[] = {client_token, client_key};
  for (size_t w = 0; w < 2; w++) {
    assert_int_equal(list_only(who[w], "/api/v1/products", "owner", "ACME"), 1);
    assert_int_equal(list_only(who[w], "/api/v1/stock", "sku", "ACME-1"), 1);
    /* Naming another owner finds nothing, not an error that tells. */
    assert_int_equal(list_only(who[w], "/api/v1/stock?owner=BETA", "sku", ""),
                     0);
    assert_int_equal(list_only(who[w], "/api/v1/orders", "store", "ACME-SHOP"),
                     1);
    assert_int_equal(list_only(who[w], "/api/v1/stores", "owner", "ACME"), 1);
    refused(who[w], "GET", "/api/v1/products/BETA-1", NULL, 404, "not_found");
  }
  assert_int_equal(list_only(client_token, "/api/v1/owners", "code", "ACME"),
                   1);
  /* Its own records answer. */
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", client_token);
  json_t *j = api_expect(&s, "GET", "/api/v1/products/ACME-1", NULL, 200);
  assert_non_null(j);
  json_decref(j);
  j = api_expect(&s, "GET", "/api/v1/owners/ACME", NULL, 200);
  assert_non_null(j);
  json_decref(j);
  j = api_expect(&s, "GET", "/api/v1/auth/me", NULL, 200);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(j, "user"), "owner")),
      "ACME");
  json_decref(j);
  /* The floor and the back office are not for clients. */
  refused(client_token, "GET", "/api/v1/warehouses", NULL, 403,
          "owner_forbidden");
  refused(client_token, "GET", "/api/v1/customers", NULL, 403,
          "owner_forbidden");
  /* `depot apikey list` tells a client's key by its owner. */
  char env_db[600], out[4096];
  snprintf(env_db, sizeof env_db, "DEPOT_DATABASE_URL=%s", srv.database_url);
  const char *env[] = {env_db, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *list[] = {"apikey", "list", NULL};
  assert_int_equal(api_run_depot(list, env, out, sizeof out), 0);
  assert_non_null(strstr(out, "(owner ACME)"));
  /* The key orders for its own store, with its own goods. */
  snprintf(s.token, sizeof s.token, "%s", client_key);
  j = api_expect(&s, "POST", "/api/v1/orders",
                 "{\"store\":\"ACME-SHOP\",\"external_id\":\"ACME-KEY-1\","
                 "\"currency\":\"CNY\",\"customer\":{\"name\":\"k\","
                 "\"email\":\"k@example.com\"},"
                 "\"ship_to\":{\"name\":\"k\",\"city\":\"上海\","
                 "\"country_code\":\"CN\"},\"lines\":[{\"sku\":\"ACME-1\","
                 "\"qty\":1,\"unit_price\":9}]}",
                 201);
  assert_non_null(j);
  json_decref(j);
}

static void
a_client_lists_its_own_returns_shipments_pos_and_asns(void **state)
{
  /* The company sees both owners' records; a client its own only. */
  assert_true(count_items(srv.token, "/api/v1/asns") >= 2);
  assert_true(count_items(srv.token, "/api/v1/returns") >= 2);
  assert_int_equal(
      list_only(client_token, "/api/v1/returns", "store", "ACME-SHOP"), 1);
  assert_int_equal(list_only(client_token, "/api/v1/purchase-orders",
                             "supplier", "ACME-SUP"),
                   1);
  assert_int_equal(
      list_only(client_token, "/api/v1/asns", "supplier", "ACME-SUP"), 1);
  assert_int_equal(list_only(client_token, "/api/v1/asns?q=BETA-ASN-1",
                             "supplier", "ACME-SUP"),
                   0);
  /* Shipments: ACME's order's only, for the user and the key. */
  const char *const who[] = {client_token, client_key};
  for (size_t w = 0; w < 2; w++) {
    struct api_server s = srv;
    snprintf(s.token, sizeof s.token, "%s", who[w]);
    json_t *j = api_expect(&s, "GET", "/api/v1/shipments", NULL, 200);
    assert_non_null(j);
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *o =
        json_array_get(json_object_get(json_array_get(items, 0), "orders"), 0);
    assert_non_null(json_string_value(json_object_get(o, "store")));
    assert_string_equal(json_string_value(json_object_get(o, "store")),
                        "ACME-SHOP");
    json_decref(j);
  }
  /* Its own records one by one. */
  char id[32], path[96];
  assert_true(api_sql_text(
      &srv, "SELECT id FROM rma WHERE number = 'RMA777777'", id, sizeof id));
  snprintf(path, sizeof path, "/api/v1/returns/%s", id);
  assert_int_equal(count_items(client_token, "/api/v1/returns?q=RMA777777"), 1);
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", client_token);
  json_t *j = api_expect(&s, "GET", path, NULL, 200);
  assert_non_null(j);
  json_decref(j);
  assert_true(
      api_sql_text(&srv,
                   "SELECT min(s.id) FROM shipment s JOIN sales_order o"
                   " ON o.id = s.order_id WHERE o.external_id = 'ACME-O1'",
                   id, sizeof id));
  snprintf(path, sizeof path, "/api/v1/shipments/%s", id);
  j = api_expect(&s, "GET", path, NULL, 200);
  assert_non_null(j);
  json_decref(j);
}

static void
an_asn_file_is_checked_row_by_row(void **state)
{
  char po[32], asns[32], after[32], body[1200];
  assert_true(api_sql_text(&srv,
                           "SELECT min(p.id) FROM purchase_order p JOIN"
                           " supplier s ON s.id = p.supplier_id WHERE s.code"
                           " = 'ACME-SUP'",
                           po, sizeof po));
  assert_true(
      api_sql_text(&srv, "SELECT count(*) FROM asn_line", asns, sizeof asns));
  struct api_server s = srv;
  snprintf(s.token, sizeof s.token, "%s", client_token);
  /* Line 2 names a lot of a SKU not tracked by lot; 3 has a bad check
   * digit, 4 another owner's SKU, 5 a quantity of 0, 6 an expiry gone
   * by, 7 an SSCC notified before. */
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"ACME-CSV-1\","
           "\"csv\":\"sscc,sku,qty,lot,expiry\\n"
           "006951234000000037,ACME-1,3,L1,2099-01-31\\n"
           "006951234000000038,ACME-1,3,,\\n"
           "006951234000000044,BETA-1,3,,\\n"
           "006951234000000044,ACME-1,0,,\\n"
           "006951234000000051,ACME-1,2,L2,2001-01-01\\n"
           "006951234000000013,ACME-1,2,,\\n\"}",
           po);
  struct api_reply rep;
  assert_true(api_json(&s, "POST", "/api/v1/asns/import", body, &rep));
  assert_int_equal(rep.status, 422);
  assert_string_equal(api_error_code(&rep), "asn_rows_invalid");
  json_t *rows = json_object_get(
      json_object_get(json_object_get(rep.json, "error"), "params"), "rows");
  assert_int_equal(json_array_size(rows), 6);
  static const struct {
    int line;
    const char *field, *code;
  } want[] = {{2, "lot", "lot_not_tracked"}, {3, "sscc", "invalid_sscc"},
              {4, "sku", "sku_not_on_po"},   {5, "qty", "invalid_value"},
              {6, "expiry", "expiry_past"},  {7, "sscc", "already_exists"}};
  for (size_t i = 0; i < 6; i++) {
    json_t *r = json_array_get(rows, i);
    assert_int_equal(json_integer_value(json_object_get(r, "line")),
                     want[i].line);
    assert_string_equal(json_string_value(json_object_get(r, "field")),
                        want[i].field);
    assert_string_equal(json_string_value(json_object_get(r, "code")),
                        want[i].code);
  }
  api_reply_clear(&rep);
  assert_true(
      api_sql_text(&srv, "SELECT count(*) FROM asn_line", after, sizeof after));
  assert_string_equal(asns, after);
  /* The body's ASN keeps the same lot rules, and saves nothing either. */
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"ACME-FORM-1\","
           "\"cartons\":[{\"sscc\":\"006951234000000037\",\"lines\":[{"
           "\"sku\":\"ACME-1\",\"qty\":1,\"lot\":\"L1\"}]}]}",
           po);
  assert_true(api_json(&s, "POST", "/api/v1/asns", body, &rep));
  assert_int_equal(rep.status, 422);
  assert_string_equal(api_error_code(&rep), "lot_not_tracked");
  assert_string_equal(api_error_field(&rep), "cartons[0].lines[0].lot");
  api_reply_clear(&rep);
  assert_true(
      api_sql_text(&srv, "SELECT count(*) FROM asn_line", after, sizeof after));
  assert_string_equal(asns, after);
  /* No header: the file as a whole. */
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"ACME-CSV-1\","
           "\"csv\":\"a,b\\n1,2\\n\"}",
           po);
  assert_true(api_json(&s, "POST", "/api/v1/asns/import", body, &rep));
  assert_int_equal(rep.status, 422);
  assert_string_equal(api_error_code(&rep), "invalid_value");
  assert_string_equal(api_error_field(&rep), "csv");
  api_reply_clear(&rep);
  /* BETA's PO is not found, whatever the file. */
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"X\","
           "\"csv\":\"sscc,sku,qty\\n006951234000000068,BETA-1,1\\n\"}",
           keys[WEB_OWNER_PO]);
  refused(client_token, "POST", "/api/v1/asns/import", body, 404, "not_found");
  /* A good file: two rows of one carton and one of another. */
  snprintf(body, sizeof body,
           "{\"purchase_order\":%s,\"reference\":\"ACME-CSV-2\","
           "\"ship_date\":\"2099-01-02\",\"csv\":\"\xef\xbb\xbfSSCC,SKU,QTY,"
           "LOT,EXPIRY\\r\\n006951234000000037,ACME-1,3,,\\r\\n"
           "006951234000000037,ACME-1,2,,\\r\\n"
           "006951234000000051,ACME-1,4,,\\r\\n\"}",
           po);
  json_t *a = api_expect(&s, "POST", "/api/v1/asns/import", body, 201);
  assert_non_null(a);
  assert_int_equal(json_integer_value(json_object_get(a, "units")), 9);
  assert_int_equal(json_array_size(json_object_get(a, "cartons")), 2);
  assert_string_equal(json_string_value(json_object_get(a, "state")),
                      "announced");
  json_decref(a);
  assert_int_equal(list_only(client_token, "/api/v1/asns?q=ACME-CSV-2",
                             "reference", "ACME-CSV-2"),
                   1);
}

/*
 * Owner-bound webhooks (issue 23 item 6): a subscription made for ACME
 * gets the events of ACME's orders and stock only; one for everybody gets
 * both owners'.
 */
static void
an_owner_bound_webhook_gets_its_owners_events_only(void **state)
{
  json_t *w = api_expect(
      &srv, "POST", "/api/v1/webhooks",
      "{\"url\":\"http://127.0.0.1:9/acme\",\"events\":[\"order.created\","
      "\"stock.changed\"],\"owner\":\"ACME\"}",
      201);
  assert_non_null(w);
  assert_string_equal(json_string_value(json_object_get(w, "owner")), "ACME");
  json_int_t acme_hook = json_integer_value(json_object_get(w, "id"));
  json_decref(w);
  w = api_expect(&srv, "POST", "/api/v1/webhooks",
                 "{\"url\":\"http://127.0.0.1:9/all\",\"events\":["
                 "\"order.created\",\"stock.changed\"]}",
                 201);
  assert_non_null(w);
  json_int_t all_hook = json_integer_value(json_object_get(w, "id"));
  json_decref(w);
  refused(srv.token, "POST", "/api/v1/webhooks",
          "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"*\"],"
          "\"owner\":\"NOPE\"}",
          422, "unknown_owner");
  char id[32];
  assert_true(order("ACME-SHOP", "ACME-HOOK-1", "ACME-1", id, sizeof id));
  assert_true(order("BETA-SHOP", "BETA-HOOK-1", "BETA-1", id, sizeof id));
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"ZZ1\",\"bin\":\"OWN-1\",\"sku\":\"ACME-1\","
     "\"qty_delta\":2}",
     201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"ZZ1\",\"bin\":\"OWN-2\",\"sku\":\"BETA-1\","
     "\"qty_delta\":2}",
     201);
  /* Per subscription: deliveries, and those of an event not ACME's. */
  char sql[600], n[32];
  snprintf(
      sql, sizeof sql,
      "SELECT count(*) || '/' || count(*) FILTER (WHERE"
      " event_owner(d.resource_kind, d.resource_id) IS DISTINCT FROM"
      " (SELECT id FROM owners WHERE code = 'ACME'))"
      " FROM webhook_delivery d WHERE d.webhook_id = %" JSON_INTEGER_FORMAT,
      acme_hook);
  assert_true(api_sql_text(&srv, sql, n, sizeof n));
  assert_string_equal(n, "2/0");
  snprintf(sql, sizeof sql,
           "SELECT count(DISTINCT event_owner(d.resource_kind,"
           " d.resource_id)) FROM webhook_delivery d"
           " WHERE d.webhook_id = %" JSON_INTEGER_FORMAT,
           all_hook);
  assert_true(api_sql_text(&srv, sql, n, sizeof n));
  assert_string_equal(n, "2");
  snprintf(
      sql, sizeof sql,
      "DELETE FROM webhook_delivery WHERE webhook_id IN (%" JSON_INTEGER_FORMAT
      ", %" JSON_INTEGER_FORMAT "); DELETE FROM webhook WHERE id IN"
      " (%" JSON_INTEGER_FORMAT ", %" JSON_INTEGER_FORMAT ")",
      acme_hook, all_hook, acme_hook, all_hook);
  assert_true(api_sql_text(&srv, sql, NULL, 0));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(owners_are_created_read_listed_and_changed),
      cmocka_unit_test(the_rules_of_owners_are_enforced),
      cmocka_unit_test(every_route_hides_another_owners_records),
      cmocka_unit_test(a_client_sees_its_own_goods_and_orders_only),
      cmocka_unit_test(a_client_lists_its_own_returns_shipments_pos_and_asns),
      cmocka_unit_test(an_asn_file_is_checked_row_by_row),
      cmocka_unit_test(an_owner_bound_webhook_gets_its_owners_events_only),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
