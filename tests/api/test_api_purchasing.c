/*
 * Purchasing over real HTTP: a PO from draft to received by two receipts
 * scanned at the dock, putaway by scan, in-transit and on-hand moving by
 * exactly the received units, moving-average costs with landed costs; the
 * approval permission and separation of duties (who created or submitted
 * a PO does not approve it, an admin excepted), the approval limit set by
 * an admin through the API; a supplier's key that sees only its own POs and
 * receives an ASN carton with one scan; refusals that change nothing;
 * reorder suggestions; returns; and supplier performance over a seeded
 * history, checked against figures worked out by hand.
 */
#include "api_harness.h"

#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv, clerk, buyer, picker, lead, sup1;
static int64_t po_sup2;

#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)

static void
login_as(struct api_server *out, const char *user, const char *role,
         const char *wh)
{
  assert_true(api_add_user(&srv, user, role, wh, "correct horse 42"));
  *out = srv;
  assert_int_equal(api_login(&srv, user, "correct horse 42", out->token, NULL),
                   200);
}

/* A supplier key for SUP1, made with the CLI as an operator would. */
static void
supplier_key(void)
{
  const char *opts[] = {"--name",     "sup1-portal", "--scope", "supplier",
                        "--supplier", "SUP1",        NULL};
  sup1 = srv;
  assert_true(api_make_key(&srv, opts, sup1.token, sizeof sup1.token));
}

static void
setup_warehouse(void)
{
  ok("POST", "/api/v1/warehouses", "{\"code\":\"W3\",\"name\":\"w3\"}", 201);
  ok("POST", "/api/v1/warehouses/W3/zones",
     "{\"code\":\"RCV\",\"type\":\"receiving\"}", 201);
  ok("POST", "/api/v1/warehouses/W3/zones",
     "{\"code\":\"STO\",\"type\":\"reserve\"}", 201);
  ok("POST", "/api/v1/warehouses/W3/bins",
     "{\"code\":\"RCV-1\",\"zone\":\"RCV\"}", 201);
  for (int i = 1; i <= 3; i++) {
    char body[120];
    snprintf(body, sizeof body,
             "{\"code\":\"S-0%d\",\"zone\":\"STO\",\"pick_sequence\":%d}", i,
             i);
    ok("POST", "/api/v1/warehouses/W3/bins", body, 201);
  }
  ok("POST", "/api/v1/products",
     "{\"sku\":\"CUP\",\"name\":\"釉下五彩杯\",\"barcodes\":[{\"code\":"
     "\"CUP-BC\"}]}",
     201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"TEA\",\"name\":\"安化黑茶\",\"lot_tracked\":true,"
     "\"expiry_tracked\":true,\"barcodes\":[{\"code\":\"6901234567892\"}]}",
     201);
  ok("POST", "/api/v1/stock/adjustments",
     "{\"warehouse\":\"W3\",\"bin\":\"S-01\",\"sku\":\"CUP\",\"qty_delta\":10}",
     201);
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_purchasing", false, NULL))
    return -1;
  setup_warehouse();
  ok("POST", "/api/v1/suppliers",
     "{\"code\":\"SUP1\",\"name\":\"醴陵陶瓷厂\",\"lead_time_days\":5,"
     "\"payment_terms\":\"30 days\",\"skus\":[{\"sku\":\"CUP\",\"cost\":"
     "\"2.50\",\"moq\":24,\"pack_size\":12},{\"sku\":\"TEA\",\"cost\":"
     "\"10.00\"}]}",
     201);
  ok("POST", "/api/v1/suppliers", "{\"code\":\"SUP2\",\"name\":\"纸箱厂\"}",
     201);
  login_as(&clerk, "clerk", "back_office", NULL);
  login_as(&buyer, "buyer", "back_office", NULL);
  login_as(&picker, "dock", "picker", "W3");
  login_as(&lead, "dock lead", "warehouse_lead", "W3");
  supplier_key();
  return 0;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

static int64_t
figure(const char *sku, const char *name)
{
  char path[128];
  snprintf(path, sizeof path, "/api/v1/stock?sku=%s&warehouse=W3", sku);
  json_t *j = api_step(&srv, "GET", path, NULL, 200);
  json_t *v =
      json_object_get(json_array_get(json_object_get(j, "items"), 0), name);
  int64_t n = json_is_string(v) ? (int64_t)(atof(json_string_value(v)) * 10000)
                                : json_integer_value(v);
  json_decref(j);
  return n;
}

static void
step(const struct api_server *who, int64_t po, const char *action, long status,
     const char *code)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/%s", (long long)po,
           action);
  json_t *r = api_step(who, "POST", path, NULL, status);
  if (code != NULL)
    assert_string_equal(api_json_error_code(r), code);
  json_decref(r);
}

static int64_t
draft(const char *body)
{
  json_t *po = api_step(&clerk, "POST", "/api/v1/purchase-orders", body, 201);
  assert_string_equal(json_string_value(json_object_get(po, "state")), "draft");
  int64_t id = json_integer_value(json_object_get(po, "id"));
  json_decref(po);
  return id;
}

static json_t *
receive(int64_t po, const char *body, long status)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/receipts",
           (long long)po);
  return api_step(&picker, "POST", path, body, status);
}

static void
putaway_all(void)
{
  json_t *tasks = api_step(&picker, "GET", "/api/v1/putaway-tasks", NULL, 200);
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(tasks, "items"), i, t)
  {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/putaway-tasks/%lld/confirm",
             (long long)json_integer_value(json_object_get(t, "id")));
    assert_non_null(json_string_value(json_object_get(t, "suggested_bin")));
    api_step_ok(&picker, "POST", path, "{\"bin\":\"S-02\"}", 200);
    api_step_code(&picker, "POST", path, "{\"bin\":\"S-02\"}", 409,
                  "putaway_done");
  }
  json_decref(tasks);
}

/* The PO as CSV (BOM, one row per line) and as PDF (text read back). */
static void
exports_read_back(int64_t po)
{
  char path[96];
  struct api_reply r;
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/export.csv",
           (long long)po);
  assert_true(api_call(&clerk, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_memory_equal(r.body, "\xEF\xBB\xBFpo,supplier", 14);
  assert_non_null(strstr(r.body, ",CUP,釉下五彩杯,100,2.5000,"));
  api_reply_clear(&r);
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld/export.pdf",
           (long long)po);
  assert_true(api_call(&clerk, "GET", path, NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.content_type, "application/pdf"));
  char file[] = "/tmp/depot-po-XXXXXX";
  int fd = mkstemp(file);
  assert_int_equal(write(fd, r.body, r.body_len), (ssize_t)r.body_len);
  close(fd);
  api_reply_clear(&r);
  char cmd[128], text[8192];
  snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", file);
  FILE *f = popen(cmd, "r");
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  pclose(f);
  unlink(file);
  assert_non_null(strstr(text, "醴陵陶瓷厂"));
  assert_non_null(strstr(text, "安化黑茶"));
}

/*
 * The dock terminal finds PO @a po by scanning its number or an ASN
 * reference (@a asn, or NULL): a picker may not read purchasing, but the
 * scan says which PO it is and what is open, without costs.
 */
static void
picker_finds_po_by_scan(int64_t po, const char *asn, int64_t open)
{
  char path[96], body[160], code[64];
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld", (long long)po);
  json_t *doc = api_step(&clerk, "GET", path, NULL, 200);
  api_step_code(&picker, "GET", path, NULL, 403, "forbidden");
  snprintf(code, sizeof code, "%s",
           asn != NULL ? asn
                       : json_string_value(json_object_get(doc, "number")));
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"W3\"}", code);
  json_t *m = api_step(&picker, "POST", "/api/v1/scans/resolve", body, 200);
  assert_string_equal(json_string_value(json_object_get(m, "kind")), "po");
  assert_int_equal(json_integer_value(json_object_get(m, "id")), po);
  assert_true(
      json_equal(json_object_get(m, "number"), json_object_get(doc, "number")));
  if (asn != NULL)
    assert_string_equal(json_string_value(json_object_get(m, "asn")), asn);
  json_t *l0 = json_array_get(json_object_get(m, "lines"), 0);
  assert_int_equal(json_integer_value(json_object_get(l0, "open")), open);
  assert_null(json_object_get(l0, "unit_cost"));
  json_decref(m);
  json_decref(doc);
  /* Another warehouse's terminal does not find it. */
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"warehouse\":\"W9\"}", code);
  m = api_step(&srv, "POST", "/api/v1/scans/resolve", body, 200);
  assert_string_equal(json_string_value(json_object_get(m, "kind")), "unknown");
  json_decref(m);
}

static void
po_goes_from_draft_to_received_by_scans(void **state)
{
  int64_t po = draft("{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"CUP\",\"qty\":100},{\"sku\":\"TEA\","
                     "\"qty\":50}]}");
  step(&clerk, po, "submit", 200, NULL);
  step(&picker, po, "approve", 403, "forbidden");
  assert_int_equal(figure("CUP", "in_transit"), 0);
  step(&buyer, po, "approve", 200, NULL);
  assert_int_equal(figure("CUP", "in_transit"), 100);
  step(&clerk, po, "send", 200, NULL);
  picker_finds_po_by_scan(po, NULL, 100);
  const char *first =
      "{\"idempotency_key\":\"rcv-1\",\"lines\":[{\"code\":\"CUP-BC\","
      "\"qty\":40},{\"code\":\"]C1010690123456789217271231101707\","
      "\"qty\":20}]}";
  json_t *r1 = receive(po, first, 201);
  assert_string_equal(json_string_value(json_object_get(r1, "state")),
                      "partially_received");
  assert_int_equal(json_array_size(json_object_get(r1, "putaway_tasks")), 2);
  json_t *again = receive(po, first, 200);
  assert_true(json_equal(r1, again));
  json_decref(again);
  json_decref(r1);
  assert_int_equal(figure("CUP", "on_hand"), 50);
  assert_int_equal(figure("CUP", "in_transit"), 60);
  assert_int_equal(figure("CUP", "avg_cost"), 25000);
  json_t *r2 = receive(po,
                       "{\"idempotency_key\":\"rcv-2\",\"freight\":\"18.00\","
                       "\"lines\":[{\"sku\":\"CUP\",\"qty\":60},{\"sku\":"
                       "\"TEA\",\"qty\":30,\"lot\":\"1707\"}]}",
                       201);
  assert_string_equal(json_string_value(json_object_get(r2, "state")),
                      "received");
  json_decref(r2);
  assert_int_equal(figure("CUP", "on_hand"), 110);
  assert_int_equal(figure("CUP", "in_transit"), 0);
  /* 18.00 freight over 450.00 of goods: CUP lands at 2.60, so (50 x 2.50 +
   * 60 x 2.60) / 110 = 2.5545; TEA (20 x 10 + 30 x 10.40) / 50 = 10.24. */
  assert_int_equal(figure("CUP", "avg_cost"), 25545);
  assert_int_equal(figure("TEA", "avg_cost"), 102400);
  putaway_all();
  json_t *s = api_step(
      &srv, "GET", "/api/v1/stock?sku=CUP&warehouse=W3&bin=S-02", NULL, 200);
  assert_int_equal(
      json_integer_value(json_object_get(
          json_array_get(json_object_get(s, "items"), 0), "on_hand")),
      100);
  json_decref(s);
  step(&clerk, po, "close", 200, NULL);
  json_decref(receive(po, "{\"lines\":[{\"sku\":\"CUP\",\"qty\":1}]}", 409));
  exports_read_back(po);
}

static void
limit_is(const char *want)
{
  json_t *j = api_step(&clerk, "GET", "/api/v1/settings/purchasing", NULL, 200);
  json_t *v = json_object_get(j, "admin_approval_above");
  if (want == NULL)
    assert_true(json_is_null(v));
  else
    assert_string_equal(json_string_value(v), want);
  json_decref(j);
}

/*
 * One user may not create, submit and approve a PO alone: its creator and
 * its submitter are refused approver_is_requester, another back-office
 * user approves, an admin may approve anyway. The admin-only limit is set
 * through the API: a back-office user may not change it, bad values name
 * the field, and a PO above it needs the admin.
 */
static void
approval_needs_another_user_and_the_limit_is_settable(void **state)
{
  int64_t po = draft("{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"CUP\",\"qty\":10}]}");
  step(&clerk, po, "approve", 409, "po_state");
  step(&buyer, po, "submit", 200, NULL);
  /* The creator, then the submitter, are refused; nothing changes. */
  step(&clerk, po, "approve", 409, "approver_is_requester");
  step(&buyer, po, "approve", 409, "approver_is_requester");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld", (long long)po);
  json_t *doc = api_step(&clerk, "GET", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(doc, "state")),
                      "submitted");
  assert_string_equal(json_string_value(json_object_get(doc, "created_by")),
                      "clerk");
  assert_string_equal(json_string_value(json_object_get(doc, "submitted_by")),
                      "buyer");
  json_decref(doc);
  /* An admin is the exception. */
  step(&srv, po, "approve", 200, NULL);
  /* A PO an admin creates and submits is approved by a back-office user. */
  json_t *p2 = api_step(&srv, "POST", "/api/v1/purchase-orders",
                        "{\"supplier\":\"SUP1\",\"warehouse\":\"W3\","
                        "\"lines\":[{\"sku\":\"CUP\",\"qty\":400,"
                        "\"unit_cost\":\"250.00\"}]}",
                        201);
  int64_t big = json_integer_value(json_object_get(p2, "id"));
  json_decref(p2);
  step(&srv, big, "submit", 200, NULL);
  /* The limit: admins only, checked values, then enforced. */
  limit_is(NULL);
  const char *set = "{\"admin_approval_above\":\"50000.00\"}";
  api_step_code(&clerk, "PATCH", "/api/v1/settings/purchasing", set, 403,
                "forbidden");
  struct api_reply r;
  assert_true(api_json(&srv, "PATCH", "/api/v1/settings/purchasing",
                       "{\"admin_approval_above\":\"-5\"}", &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_field(&r), "admin_approval_above");
  api_reply_clear(&r);
  assert_true(api_json(&srv, "PATCH", "/api/v1/settings/purchasing",
                       "{\"admin_approval_above\":\"many\"}", &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_field(&r), "admin_approval_above");
  api_reply_clear(&r);
  assert_true(api_json(&srv, "PATCH", "/api/v1/settings/purchasing",
                       "{\"over_receipt_pct\":\"101\"}", &r));
  assert_int_equal(r.status, 422);
  assert_string_equal(api_error_field(&r), "over_receipt_pct");
  api_reply_clear(&r);
  limit_is(NULL);
  json_t *s = api_step(&srv, "PATCH", "/api/v1/settings/purchasing", set, 200);
  assert_string_equal(
      json_string_value(json_object_get(s, "admin_approval_above")),
      "50000.00");
  assert_string_equal(json_string_value(json_object_get(s, "over_receipt_pct")),
                      "5.00");
  json_decref(s);
  limit_is("50000.00");
  /* 100,000.00 is above it: the back office may not, the admin may. */
  step(&buyer, big, "approve", 403, "approval_limit");
  step(&srv, big, "approve", 200, NULL);
  /* null removes the limit again. */
  api_step_ok(&srv, "PATCH", "/api/v1/settings/purchasing",
              "{\"admin_approval_above\":null}", 200);
  limit_is(NULL);
  step(&srv, po, "cancel", 200, NULL);
  step(&srv, big, "cancel", 200, NULL);
}

static void
refused(int64_t po, const char *body, long status, const char *code,
        const char *field)
{
  int64_t before = figure("CUP", "on_hand");
  json_t *r = receive(po, body, status);
  assert_string_equal(api_json_error_code(r), code);
  if (field != NULL)
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(r, "error"), "field")),
                        field);
  json_decref(r);
  assert_int_equal(figure("CUP", "on_hand"), before);
}

static void
bad_receipts_are_refused_and_change_nothing(void **state)
{
  int64_t po = draft("{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"CUP\",\"qty\":10},{\"sku\":\"TEA\","
                     "\"qty\":5}]}");
  refused(po, "{\"lines\":[{\"sku\":\"CUP\",\"qty\":1}]}", 409,
          "po_not_receivable", NULL);
  step(&clerk, po, "submit", 200, NULL);
  step(&buyer, po, "approve", 200, NULL);
  step(&clerk, po, "send", 200, NULL);
  refused(po,
          "{\"lines\":[{\"sku\":\"CUP\",\"qty\":1},{\"code\":"
          "\"(01)04006381333931\",\"qty\":1}]}",
          422, "sku_not_on_po", "lines[1].sku");
  refused(po,
          "{\"lines\":[{\"code\":\"(01)06901234567892(17)200101(10)OLD\","
          "\"qty\":1}]}",
          422, "expiry_past", "lines[0].expiry");
  refused(po, "{\"lines\":[{\"sku\":\"TEA\",\"qty\":1}]}", 422, "lot_required",
          "lines[0].lot");
  refused(po, "{\"lines\":[{\"sku\":\"CUP\",\"qty\":11}]}", 409, "over_receipt",
          "lines[0].qty");
  api_step_code(&clerk, "POST", "/api/v1/purchase-orders",
                "{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":[{"
                "\"sku\":\"CUP\",\"qty\":1,\"unit_cost\":\"-1.00\"}]}",
                422, "out_of_range");
  api_step_code(&picker, "POST", "/api/v1/receiving/sscc",
                "{\"code\":\"(00)106141410000000018\"}", 422, "invalid_sscc");
  step(&clerk, po, "cancel", 200, NULL);
  refused(po, "{\"lines\":[{\"sku\":\"CUP\",\"qty\":1}]}", 409,
          "po_not_receivable", NULL);
  step(&clerk, po, "send", 409, "po_state");
}

/*
 * A lead reads purchase orders for receiving (lines with open units) but
 * not their costs, the suppliers or the PO documents: those are
 * purchasing.read (admin, back office, viewer), as the README's table says.
 */
static void
a_lead_reads_open_quantities_not_costs(void **state)
{
  int64_t po = draft("{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"CUP\",\"qty\":12,\"unit_cost\":\"3.00\"}]}");
  char path[96];
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld", (long long)po);
  json_t *d = api_step(&lead, "GET", path, NULL, 200);
  json_t *line = json_array_get(json_object_get(d, "lines"), 0);
  assert_int_equal(json_integer_value(json_object_get(line, "open")), 12);
  assert_null(json_object_get(line, "unit_cost"));
  assert_null(json_object_get(d, "total"));
  json_decref(d);
  json_t *l = api_step(&lead, "GET", "/api/v1/purchase-orders", NULL, 200);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(l, "items"), i, x)
      assert_null(json_object_get(x, "total"));
  json_decref(l);
  d = api_step(&clerk, "GET", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(d, "total")), "36.00");
  json_decref(d);
  api_step_code(&lead, "GET", "/api/v1/suppliers", NULL, 403, "forbidden");
  char doc[128];
  snprintf(doc, sizeof doc, "%s/export.pdf", path);
  api_step_code(&lead, "GET", doc, NULL, 403, "forbidden");
  snprintf(doc, sizeof doc, "%s/export.csv", path);
  api_step_code(&lead, "GET", doc, NULL, 403, "forbidden");
  /* The supplier's key still sees its own costs and record. */
  d = api_step(&sup1, "GET", path, NULL, 200);
  assert_string_equal(json_string_value(json_object_get(d, "total")), "36.00");
  json_decref(d);
  l = api_step(&sup1, "GET", "/api/v1/suppliers", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(l, "items")), 1);
  json_decref(l);
  step(&clerk, po, "cancel", 200, NULL);
}

static void
a_supplier_key_sees_only_its_own_and_ships_an_asn(void **state)
{
  po_sup2 = draft("{\"supplier\":\"SUP2\",\"warehouse\":\"W3\",\"lines\":["
                  "{\"sku\":\"CUP\",\"qty\":5,\"unit_cost\":\"1.00\"}]}");
  int64_t po = draft("{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"CUP\",\"qty\":24}]}");
  json_t *l = api_step(&sup1, "GET", "/api/v1/purchase-orders", NULL, 200);
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(l, "items"), i, x) assert_string_equal(
      json_string_value(json_object_get(x, "supplier")), "SUP1");
  json_decref(l);
  char path[96], body[400];
  snprintf(path, sizeof path, "/api/v1/purchase-orders/%lld",
           (long long)po_sup2);
  api_step_code(&sup1, "GET", path, NULL, 404, "not_found");
  api_step_code(&sup1, "POST", "/api/v1/purchase-orders",
                "{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":[{"
                "\"sku\":\"CUP\",\"qty\":1}]}",
                403, "forbidden");
  step(&clerk, po, "submit", 200, NULL);
  step(&buyer, po, "approve", 200, NULL);
  step(&clerk, po, "send", 200, NULL);
  snprintf(body, sizeof body,
           "{\"purchase_order\":%lld,\"reference\":\"DN-1\",\"cartons\":[{"
           "\"sscc\":\"106141410000000010\",\"lines\":[{\"sku\":\"CUP\","
           "\"qty\":24}]}]}",
           (long long)po);
  api_step_code(&sup1, "POST", "/api/v1/asns", body, 422, "invalid_sscc");
  snprintf(body, sizeof body,
           "{\"purchase_order\":%lld,\"reference\":\"DN-1\",\"cartons\":[{"
           "\"sscc\":\"106141410000000019\",\"lines\":[{\"sku\":\"CUP\","
           "\"qty\":24}]}]}",
           (long long)po_sup2);
  api_step_code(&sup1, "POST", "/api/v1/asns", body, 404, "not_found");
  snprintf(body, sizeof body,
           "{\"purchase_order\":%lld,\"reference\":\"DN-1\",\"cartons\":[{"
           "\"sscc\":\"106141410000000019\",\"lines\":[{\"sku\":\"CUP\","
           "\"qty\":24}]}]}",
           (long long)po);
  api_step_ok(&sup1, "POST", "/api/v1/asns", body, 201);
  picker_finds_po_by_scan(po, "DN-1", 24);
  int64_t before = figure("CUP", "on_hand");
  const char *scan = "{\"code\":\"]C100106141410000000019\"}";
  json_t *r = api_step(&picker, "POST", "/api/v1/receiving/sscc", scan, 201);
  assert_string_equal(json_string_value(json_object_get(r, "state")),
                      "received");
  json_decref(r);
  api_step_ok(&picker, "POST", "/api/v1/receiving/sscc", scan, 200);
  assert_int_equal(figure("CUP", "on_hand"), before + 24);
  putaway_all();
}

static void
reorder_suggestion_drafts_whole_packs(void **state)
{
  ok("PATCH", "/api/v1/products/CUP",
     "{\"planning\":[{\"warehouse\":\"W3\",\"reorder_point\":500}]}", 200);
  int64_t avail = figure("CUP", "available");
  json_t *s = api_step(&clerk, "POST", "/api/v1/purchase-orders/suggest",
                       "{\"warehouse\":\"W3\"}", 201);
  json_t *pos = json_object_get(s, "purchase_orders");
  assert_int_equal(json_array_size(pos), 1);
  json_t *line =
      json_array_get(json_object_get(json_array_get(pos, 0), "lines"), 0);
  assert_string_equal(json_string_value(json_object_get(line, "sku")), "CUP");
  /* Up to 500 with no sales yet, less the 5 on SUP2's draft, in packs of
   * 12. */
  int64_t want = (500 - avail - 5 + 11) / 12 * 12;
  assert_int_equal(json_integer_value(json_object_get(line, "qty")), want);
  json_decref(s);
  s = api_step(&clerk, "POST", "/api/v1/purchase-orders/suggest",
               "{\"warehouse\":\"W3\"}", 201);
  assert_int_equal(json_array_size(json_object_get(s, "purchase_orders")), 0);
  json_decref(s);
}

static void
defective_stock_returns_to_the_supplier(void **state)
{
  int64_t before = figure("CUP", "on_hand");
  const char *body =
      "{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"reason\":"
      "\"glaze cracks\",\"idempotency_key\":\"ret-1\","
      "\"lines\":[{\"sku\":\"CUP\",\"bin\":\"S-02\",\"qty\":5}]}";
  api_step_ok(&clerk, "POST", "/api/v1/supplier-returns", body, 201);
  api_step_ok(&clerk, "POST", "/api/v1/supplier-returns", body, 200);
  assert_int_equal(figure("CUP", "on_hand"), before - 5);
  api_step_code(&clerk, "POST", "/api/v1/supplier-returns",
                "{\"supplier\":\"SUP1\",\"warehouse\":\"W3\",\"lines\":[{"
                "\"sku\":\"CUP\",\"bin\":\"S-03\",\"qty\":5}]}",
                409, "insufficient_stock");
}

/* Runs @a sql on the server's database (a seeded history). */
static void
exec_sql(const char *sql)
{
  PGconn *pg = PQconnectdb(srv.database_url);
  PGresult *r = PQexec(pg, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK &&
      PQresultStatus(r) != PGRES_TUPLES_OK)
    fprintf(stderr, "seed: %s", PQerrorMessage(pg));
  assert_true(PQresultStatus(r) == PGRES_COMMAND_OK ||
              PQresultStatus(r) == PGRES_TUPLES_OK);
  PQclear(r);
  PQfinish(pg);
}

/*
 * SUP3, promised 5 days. In March 2026: PO A sent 03-01, line 1 (100 @ 2)
 * expected 03-06 received in full 03-05 (on time); line 2 (50 @ 4)
 * expected 03-06, 40 received 03-08 and 10 damaged (late, discrepant).
 * PO B sent 03-10, line 1 (200 @ 1) expected 03-15, 150 received 03-14,
 * closed short 50 (not complete: not on time; discrepant). By hand:
 * 3 lines; on time 1/3 = 0.3333; fill (100 + 40 + 150) / 350 = 0.8286;
 * lead: A first receipt after 4 days, B after 4 days: 4.00; discrepancy
 * 2/3 = 0.6667; value 100 x 2 + 40 x 4 + 150 x 1 = 510.00.
 */
static void
supplier_performance_matches_hand_figures(void **state)
{
  exec_sql(
      "INSERT INTO supplier (code, name, lead_time_days) VALUES "
      "('SUP3', 'history', 5);"
      "INSERT INTO purchase_order (number, supplier_id, warehouse_id, state,"
      " currency, sent_at) SELECT n, (SELECT id FROM supplier WHERE code ="
      " 'SUP3'), (SELECT id FROM warehouse WHERE code = 'W3'), s, 'CNY',"
      " t::timestamptz FROM (VALUES ('H-A', 'received', '2026-03-01 09:00Z'),"
      " ('H-B', 'closed', '2026-03-10 09:00Z')) v (n, s, t);"
      "INSERT INTO po_line (po_id, line_no, sku_id, qty, unit_cost,"
      " expected_date, received_qty, damaged_qty) SELECT (SELECT id FROM"
      " purchase_order WHERE number = p), l, (SELECT id FROM sku WHERE code ="
      " 'CUP'), q, c, d::date, r, g FROM (VALUES ('H-A', 1, 100, 2,"
      " '2026-03-06', 100, 0), ('H-A', 2, 50, 4, '2026-03-06', 40, 10),"
      " ('H-B', 1, 200, 1, '2026-03-15', 150, 0)) v (p, l, q, c, d, r, g);"
      "INSERT INTO receipt (po_id, received_at) SELECT (SELECT id FROM"
      " purchase_order WHERE number = p), t::timestamptz FROM (VALUES ('H-A',"
      " '2026-03-05 09:00Z'), ('H-A', '2026-03-08 09:00Z'), ('H-B',"
      " '2026-03-14 09:00Z')) v (p, t);"
      "INSERT INTO receipt_line (receipt_id, po_line_id, qty, damaged)"
      " SELECT r.id, l.id, q, g FROM (VALUES ('H-A', 1, '2026-03-05', 100, 0),"
      " ('H-A', 2, '2026-03-08', 40, 10), ('H-B', 1, '2026-03-14', 150, 0))"
      " v (p, n, d, q, g) JOIN purchase_order po ON po.number = v.p"
      " JOIN po_line l ON l.po_id = po.id AND l.line_no = v.n"
      " JOIN receipt r ON r.po_id = po.id AND r.received_at::date = v.d::date;"
      "INSERT INTO po_discrepancy (po_id, po_line_id, kind, qty) SELECT"
      " l.po_id, l.id, k, q FROM (VALUES ('H-A', 2, 'damage', 10), ('H-B', 1,"
      " 'shortage', 50)) v (p, n, k, q) JOIN purchase_order po ON po.number ="
      " v.p JOIN po_line l ON l.po_id = po.id AND l.line_no = v.n;");
  json_t *p = api_step(&clerk, "GET",
                       "/api/v1/suppliers/SUP3/performance?from=2026-03-01"
                       "&to=2026-03-31",
                       NULL, 200);
  assert_int_equal(json_integer_value(json_object_get(p, "lines")), 3);
  assert_float_equal(json_number_value(json_object_get(p, "on_time_rate")),
                     0.3333, 1e-9);
  assert_float_equal(json_number_value(json_object_get(p, "fill_rate")), 0.8286,
                     1e-9);
  assert_float_equal(json_number_value(json_object_get(p, "avg_lead_days")),
                     4.0, 1e-9);
  assert_float_equal(json_number_value(json_object_get(p, "discrepancy_rate")),
                     0.6667, 1e-9);
  assert_string_equal(json_string_value(json_object_get(p, "value_purchased")),
                      "510.00");
  assert_int_equal(json_integer_value(json_object_get(p, "promised_lead_days")),
                   5);
  json_decref(p);
  api_step_code(&sup1, "GET", "/api/v1/suppliers/SUP3/performance", NULL, 404,
                "not_found");
}

/*
 * Freight and duty spread over a receipt by value however its lines name
 * the SKU: by code, by a scanned barcode, by a scanned GS1 code. 45.00
 * freight and 15.00 duty over 300.00 of goods: every unit lands at
 * 10.00 x 1.2 = 12.00 (scanned lines used to be left out of the value:
 * a receipt of scanned lines only spread nothing, and here the 60.00 was
 * spread over 100.00, so every unit landed at 16.00).
 */
static void
landed_costs_spread_over_scanned_lines(void **state)
{
  ok("POST", "/api/v1/products", "{\"sku\":\"JUG\",\"name\":\"jug\"}", 201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"BOWL\",\"name\":\"bowl\",\"barcodes\":[{\"code\":"
     "\"BOWL-BC\"}]}",
     201);
  ok("POST", "/api/v1/products",
     "{\"sku\":\"VASE\",\"name\":\"vase\",\"barcodes\":[{\"code\":"
     "\"6901234567809\"}]}",
     201);
  int64_t po = draft("{\"supplier\":\"SUP2\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"JUG\",\"qty\":10,\"unit_cost\":\"10.00\"},"
                     "{\"sku\":\"BOWL\",\"qty\":10,\"unit_cost\":\"10.00\"},"
                     "{\"sku\":\"VASE\",\"qty\":10,\"unit_cost\":\"10.00\"}]}");
  step(&clerk, po, "submit", 200, NULL);
  step(&buyer, po, "approve", 200, NULL);
  step(&clerk, po, "send", 200, NULL);
  json_decref(receive(po,
                      "{\"freight\":\"45.00\",\"duty\":\"15.00\",\"lines\":["
                      "{\"sku\":\"JUG\",\"qty\":10},{\"code\":\"BOWL-BC\","
                      "\"qty\":10},{\"code\":\"(01)06901234567809\","
                      "\"qty\":10}]}",
                      201));
  assert_int_equal(figure("JUG", "avg_cost"), 120000);
  assert_int_equal(figure("BOWL", "avg_cost"), 120000);
  assert_int_equal(figure("VASE", "avg_cost"), 120000);
}

/* The rows of GET /stock?warehouse=W3 read page by page (@a limit a page,
 * following "next"): each pair once, in (sku, warehouse) order; the row
 * of @a sku, or NULL. */
static json_t *
listed(const char *sku, int limit)
{
  char path[400];
  json_t *found = NULL;
  char last[64] = "";
  snprintf(path, sizeof path, "/api/v1/stock?warehouse=W3&limit=%d", limit);
  for (;;) {
    json_t *page = api_step(&srv, "GET", path, NULL, 200);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(page, "items"), i, x)
    {
      const char *k = json_string_value(json_object_get(x, "sku"));
      assert_true(strcmp(last, k) < 0);
      snprintf(last, sizeof last, "%s", k);
      if (strcmp(k, sku) == 0)
        found = json_incref(x);
    }
    json_t *next = json_object_get(page, "next");
    if (!json_is_string(next)) {
      json_decref(page);
      return found;
    }
    snprintf(path, sizeof path, "/api/v1/stock?warehouse=W3&limit=%d&cursor=%s",
             limit, json_string_value(next));
    json_decref(page);
  }
}

/*
 * A SKU with units on order and none in stock is in the stock figures
 * (on_hand 0, in_transit the units on order): looked up by SKU, in the
 * warehouse's list, and in the low-stock list; receiving moves units from
 * in_transit to on_hand as for any SKU.
 */
static void
stock_on_order_only_is_listed(void **state)
{
  ok("POST", "/api/v1/products", "{\"sku\":\"RICE\",\"name\":\"rice\"}", 201);
  ok("PATCH", "/api/v1/products/RICE",
     "{\"planning\":[{\"warehouse\":\"W3\",\"reorder_point\":150}]}", 200);
  int64_t po = draft("{\"supplier\":\"SUP2\",\"warehouse\":\"W3\",\"lines\":["
                     "{\"sku\":\"RICE\",\"qty\":100,\"unit_cost\":\"1.00\"}]}");
  step(&clerk, po, "submit", 200, NULL);
  step(&buyer, po, "approve", 200, NULL);
  step(&clerk, po, "send", 200, NULL);
  json_t *j =
      api_step(&srv, "GET", "/api/v1/stock?sku=RICE&warehouse=W3", NULL, 200);
  json_t *items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  json_t *row = json_array_get(items, 0);
  assert_string_equal(json_string_value(json_object_get(row, "warehouse")),
                      "W3");
  assert_int_equal(json_integer_value(json_object_get(row, "on_hand")), 0);
  assert_int_equal(json_integer_value(json_object_get(row, "available")), 0);
  assert_int_equal(json_integer_value(json_object_get(row, "in_transit")), 100);
  json_decref(j);
  j = api_step(&srv, "GET", "/api/v1/stock?sku=RICE&detail=bins", NULL, 200);
  row = json_array_get(json_object_get(j, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(row, "in_transit")), 100);
  assert_int_equal(json_array_size(json_object_get(row, "bins")), 0);
  json_decref(j);
  /* Not in a bin: a bin's stock does not list it. */
  j = api_step(&srv, "GET", "/api/v1/stock?sku=RICE&warehouse=W3&bin=S-01",
               NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
  json_decref(j);
  /* The whole list, in one page and in pages of two. */
  const int limits[] = {1000, 2};
  for (size_t n = 0; n < 2; n++) {
    row = listed("RICE", limits[n]);
    assert_non_null(row);
    assert_int_equal(json_integer_value(json_object_get(row, "in_transit")),
                     100);
    json_decref(row);
  }
  json_t *low =
      api_step(&srv, "GET", "/api/v1/stock/low?warehouse=W3", NULL, 200);
  size_t i;
  json_t *x;
  bool seen = false;
  json_array_foreach(json_object_get(low, "items"), i, x)
  {
    if (strcmp(json_string_value(json_object_get(x, "sku")), "RICE") != 0)
      continue;
    seen = true;
    assert_int_equal(json_integer_value(json_object_get(x, "in_transit")), 100);
    assert_int_equal(json_integer_value(json_object_get(x, "shortfall")), 50);
  }
  assert_true(seen);
  json_decref(low);
  json_decref(receive(po, "{\"lines\":[{\"sku\":\"RICE\",\"qty\":40}]}", 201));
  assert_int_equal(figure("RICE", "on_hand"), 40);
  assert_int_equal(figure("RICE", "in_transit"), 60);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(po_goes_from_draft_to_received_by_scans),
      cmocka_unit_test(bad_receipts_are_refused_and_change_nothing),
      cmocka_unit_test(approval_needs_another_user_and_the_limit_is_settable),
      cmocka_unit_test(a_lead_reads_open_quantities_not_costs),
      cmocka_unit_test(a_supplier_key_sees_only_its_own_and_ships_an_asn),
      cmocka_unit_test(reorder_suggestion_drafts_whole_packs),
      cmocka_unit_test(defective_stock_returns_to_the_supplier),
      cmocka_unit_test(supplier_performance_matches_hand_figures),
      cmocka_unit_test(landed_costs_spread_over_scanned_lines),
      cmocka_unit_test(stock_on_order_only_is_listed),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
