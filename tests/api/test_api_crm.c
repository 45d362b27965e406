/*
 * CRM (issue 20, items 1-3 and 5) against a real server and database:
 * the customer 360 (totals, tags, notes, addresses), merging a duplicate
 * keeps every order (and intake that still matches the duplicate's phone
 * lands on the kept customer), ticket due times by severity and per-store
 * hours, the ticket state rules with their 409 codes, replies and notes,
 * the overdue filter, idempotent ticket creation, RFM segment counts
 * checked against an independent SQL computation, masked phones and
 * emails for a viewer on the new routes (and none for a picker), the
 * segment CSV, and the person's export and erasure (admin only).
 */
#include "api_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_steps.h"

static struct api_server srv;
static char viewer[80], picker[80], clerk[80];
static json_int_t cust_a, cust_b;

#define call(m, p, b, st) api_step(&srv, m, p, b, st)
#define ok(m, p, b, st) api_step_ok(&srv, m, p, b, st)
#define code(m, p, b, st, c) api_step_code(&srv, m, p, b, st, c)

/* Places order @a ext for a customer with @a name, @a email, @a phone. */
static json_int_t
order(const char *ext, const char *name, const char *email, const char *phone,
      int qty)
{
  char body[900], mail[80] = "";
  if (email[0] != '\0')
    snprintf(mail, sizeof mail, "\"email\":\"%s\",", email);
  snprintf(body, sizeof body,
           "{\"store\":\"CRM1\",\"external_id\":\"%s\",\"currency\":\"CNY\","
           "\"customer\":{\"name\":\"%s\",%s\"phone\":\"%s\"},"
           "\"ship_to\":{\"name\":\"%s\",\"line1\":\"芦淞区建设路 %s 号\","
           "\"city\":\"株洲市\",\"country_code\":\"CN\",\"phone\":\"%s\"},"
           "\"lines\":[{\"sku\":\"CRM-SKU\",\"qty\":%d,"
           "\"unit_price\":\"10.00\"}]}",
           ext, name, mail, phone, name, ext, phone, qty);
  json_t *o = call("POST", "/api/v1/orders", body, 201);
  json_int_t c =
      json_integer_value(json_object_get(json_object_get(o, "customer"), "id"));
  json_decref(o);
  return c;
}

static int
setup(void **state)
{
  if (!api_server_start(&srv, "api_crm", false, NULL))
    return -1;
  ok("POST", "/api/v1/warehouses", "{\"code\":\"CW1\",\"name\":\"w\"}", 201);
  ok("POST", "/api/v1/stores",
     "{\"code\":\"CRM1\",\"name\":\"crm\",\"channel\":\"api\","
     "\"warehouse\":\"CW1\"}",
     201);
  ok("POST", "/api/v1/products", "{\"sku\":\"CRM-SKU\",\"name\":\"瓷杯\"}",
     201);
  bool users =
      api_add_user(&srv, "crm_viewer", "viewer", NULL, "crm password") &&
      api_add_user(&srv, "crm_picker", "picker", NULL, "crm password") &&
      api_add_user(&srv, "crm_clerk", "back_office", NULL, "crm password") &&
      api_login(&srv, "crm_viewer", "crm password", viewer, NULL) == 200 &&
      api_login(&srv, "crm_picker", "crm password", picker, NULL) == 200 &&
      api_login(&srv, "crm_clerk", "crm password", clerk, NULL) == 200;
  if (!users)
    return -1;
  cust_a = order("A-1", "李雷", "li.lei@example.com", "13800001111", 1);
  order("A-2", "李雷", "li.lei@example.com", "13800001111", 2);
  order("A-3", "李雷", "li.lei@example.com", "13800001111", 3);
  cust_b = order("B-1", "李雷", "lilei.work@example.com", "13800002222", 4);
  order("B-2", "李雷", "lilei.work@example.com", "13800002222", 5);
  return cust_a > 0 && cust_b > 0 && cust_a != cust_b ? 0 : -1;
}

static int
teardown(void **state)
{
  return api_server_stop(&srv) == 0 ? 0 : -1;
}

/* GET of @a path as the user with @a token, expecting @a status. */
static json_t *
as(const char *token, const char *method, const char *path, const char *body,
   long status)
{
  struct api_server s = srv;
  memcpy(s.token, token, sizeof s.token);
  return api_step(&s, method, path, body, status);
}

static void
customer_360_shows_totals_tags_notes_and_addresses(void **state)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)cust_a);
  json_decref(
      call("PATCH", path,
           "{\"tags\":[\"VIP\",\" 批发 \",\"VIP\"],\"note\":\"喜欢釉下五彩\","
           "\"preferred_language\":\"zh-CN\",\"do_not_contact\":true}",
           200));
  json_t *j = call("GET", path, NULL, 200);
  json_t *c = json_object_get(j, "customer");
  assert_string_equal(json_string_value(json_object_get(c, "phone")),
                      "13800001111");
  json_t *tags = json_object_get(c, "tags");
  assert_int_equal(json_array_size(tags), 2);
  assert_string_equal(json_string_value(json_array_get(tags, 0)), "VIP");
  assert_string_equal(json_string_value(json_array_get(tags, 1)), "批发");
  assert_true(json_is_true(json_object_get(c, "do_not_contact")));
  json_t *t = json_object_get(j, "totals");
  assert_int_equal(json_integer_value(json_object_get(t, "orders")), 3);
  assert_int_equal(json_integer_value(json_object_get(t, "units")), 6);
  json_t *spend = json_array_get(json_object_get(t, "spend"), 0);
  assert_string_equal(json_string_value(json_object_get(spend, "currency")),
                      "CNY");
  assert_float_equal(atof(json_string_value(json_object_get(spend, "amount"))),
                     60.0, 0.001);
  assert_int_equal(json_array_size(json_object_get(j, "notes")), 1);
  /* Three orders, three different address lines: three addresses, open. */
  json_t *addrs = json_object_get(j, "addresses");
  assert_int_equal(json_array_size(addrs), 3);
  assert_non_null(strstr(
      json_string_value(json_object_get(json_array_get(addrs, 0), "line1")),
      "建设路"));
  json_decref(j);
  /* The list filters by tag. */
  j = call("GET", "/api/v1/customers?tag=VIP", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
}

static void
merge_keeps_every_order(void **state)
{
  char path[80], body[80], sql[200], n[16];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sales_order WHERE customer_id IN (%lld, %lld)",
           (long long)cust_a, (long long)cust_b);
  assert_true(api_sql_text(&srv, sql, n, sizeof n));
  assert_string_equal(n, "5");
  snprintf(path, sizeof path, "/api/v1/customers/%lld/merge",
           (long long)cust_b);
  snprintf(body, sizeof body, "{\"into\":%lld}", (long long)cust_b);
  code("POST", path, body, 422, "customer_merge_self");
  snprintf(body, sizeof body, "{\"into\":%lld}", (long long)cust_a);
  json_t *j = call("POST", path, body, 200);
  json_t *t = json_object_get(j, "totals");
  assert_int_equal(json_integer_value(json_object_get(t, "orders")), 5);
  assert_int_equal(json_integer_value(json_object_get(t, "units")), 15);
  json_decref(j);
  /* Again: the same answer. */
  json_decref(call("POST", path, body, 200));
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sales_order WHERE customer_id = %lld",
           (long long)cust_a);
  assert_true(api_sql_text(&srv, sql, n, sizeof n));
  assert_string_equal(n, "5");
  /* The kept customer cannot go into the merged one. */
  snprintf(path, sizeof path, "/api/v1/customers/%lld/merge",
           (long long)cust_a);
  snprintf(body, sizeof body, "{\"into\":%lld}", (long long)cust_b);
  code("POST", path, body, 409, "customer_merged");
  /* A new order matched by the duplicate's phone lands on the kept one. */
  json_int_t c = order("B-3", "李雷", "", "13800002222", 1);
  assert_int_equal(c, cust_a);
  /* The merge is in the audit log. */
  assert_true(api_sql_text(&srv,
                           "SELECT count(*) FROM audit_log WHERE route ="
                           " '/api/v1/customers/{id}/merge' AND status = 200",
                           n, sizeof n));
  assert_true(atoi(n) >= 1);
}

static void
returns_count_in_the_totals(void **state)
{
  char sql[1200], path[80];
  /* An RMA (issue 19's tables) for one of the customer's orders, one of
   * its two units received back; a rejected one does not count. */
  snprintf(sql, sizeof sql,
           "WITH o AS (SELECT id, warehouse_id, store_id FROM sales_order"
           " WHERE customer_id = %lld ORDER BY id LIMIT 1),"
           " r AS (INSERT INTO rma (number, order_id, store_id, warehouse_id,"
           " customer_id, state, currency) SELECT 'RMA9001', o.id, o.store_id,"
           " (SELECT id FROM warehouse WHERE code = 'CW1'), %lld, 'received',"
           " 'CNY' FROM o UNION ALL SELECT 'RMA9002', o.id, o.store_id,"
           " (SELECT id FROM warehouse WHERE code = 'CW1'), %lld, 'rejected',"
           " 'CNY' FROM o RETURNING id, number)"
           " INSERT INTO rma_line (rma_id, line_no, sku_id, qty, received,"
           " reason) SELECT r.id, 1, (SELECT id FROM sku WHERE code ="
           " 'CRM-SKU'), 2, 1, 'damaged_in_transit' FROM r",
           (long long)cust_a, (long long)cust_a, (long long)cust_a);
  assert_true(api_sql_text(&srv, sql, NULL, 0));
  snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)cust_a);
  json_t *j = call("GET", path, NULL, 200);
  json_t *t = json_object_get(j, "totals");
  assert_int_equal(json_integer_value(json_object_get(t, "returns")), 1);
  assert_int_equal(json_integer_value(json_object_get(t, "returned_units")), 1);
  json_int_t orders = json_integer_value(json_object_get(t, "orders"));
  assert_float_equal(json_number_value(json_object_get(t, "return_rate")),
                     1.0 / (double)orders, 0.0001);
  assert_int_equal(json_array_size(json_object_get(j, "rmas")), 2);
  json_decref(j);
}

/* Creates a ticket and returns its id (and its document in @a doc). */
static json_int_t
ticket(const char *body, json_t **doc)
{
  json_t *j = call("POST", "/api/v1/feedback", body, 201);
  json_int_t id = json_integer_value(json_object_get(j, "id"));
  if (doc != NULL)
    *doc = j;
  else
    json_decref(j);
  return id;
}

/* Hours between a ticket's creation and its due time, by the database. */
static int
due_hours(json_int_t id)
{
  char sql[160], n[16];
  snprintf(sql, sizeof sql,
           "SELECT round(extract(epoch FROM due_at - created_at) / 3600)"
           " FROM feedback WHERE id = %lld",
           (long long)id);
  assert_true(api_sql_text(&srv, sql, n, sizeof n));
  return atoi(n);
}

static void
ticket_due_time_follows_severity_and_store_hours(void **state)
{
  json_int_t u = ticket("{\"store\":\"CRM1\",\"kind\":\"complaint\","
                        "\"severity\":\"urgent\",\"text\":\"杯子碎了\"}",
                        NULL);
  assert_int_equal(due_hours(u), 4);
  json_int_t n = ticket("{\"store\":\"CRM1\",\"kind\":\"inquiry\","
                        "\"text\":\"什么时候发货\"}",
                        NULL);
  assert_int_equal(due_hours(n), 48);
  ok("POST", "/api/v1/feedback/sla",
     "{\"store\":\"CRM1\",\"severity\":\"urgent\",\"hours\":2}", 200);
  json_int_t u2 = ticket("{\"store\":\"CRM1\",\"kind\":\"complaint\","
                         "\"severity\":\"urgent\",\"text\":\"又碎了\"}",
                         NULL);
  assert_int_equal(due_hours(u2), 2);
  code("POST", "/api/v1/feedback",
       "{\"store\":\"CRM1\",\"kind\":\"complaint\",\"text\":\"x\","
       "\"order\":999999}",
       422, "feedback_order_unknown");
}

static void
ticket_state_rules_are_enforced(void **state)
{
  char body[300], path[80], rpath[96];
  snprintf(body, sizeof body,
           "{\"store\":\"CRM1\",\"kind\":\"complaint\",\"customer\":%lld,"
           "\"sku\":\"CRM-SKU\",\"rating\":1,\"text\":\"包装破损\"}",
           (long long)cust_a);
  json_int_t id = ticket(body, NULL);
  snprintf(path, sizeof path, "/api/v1/feedback/%lld", (long long)id);
  snprintf(rpath, sizeof rpath, "%s/reply", path);
  code("PATCH", path, "{\"state\":\"closed\"}", 409, "feedback_transition");
  code("PATCH", path, "{\"state\":\"resolved\"}", 409, "feedback_needs_reply");
  /* An internal note is not a reply to the customer. */
  json_t *j =
      call("POST", rpath, "{\"text\":\"查监控\",\"internal\":true}", 201);
  assert_string_equal(json_string_value(json_object_get(j, "state")), "open");
  json_decref(j);
  code("PATCH", path, "{\"state\":\"resolved\"}", 409, "feedback_needs_reply");
  j = call("POST", rpath, "{\"text\":\"已补发\"}", 201);
  assert_string_equal(json_string_value(json_object_get(j, "state")),
                      "in_progress");
  json_decref(j);
  j = call("PATCH", path, "{\"state\":\"resolved\",\"assignee\":\"crm_clerk\"}",
           200);
  assert_string_equal(json_string_value(json_object_get(j, "assignee")),
                      "crm_clerk");
  json_decref(j);
  ok("PATCH", path, "{\"state\":\"closed\"}", 200);
  code("POST", rpath, "{\"text\":\"还在吗\"}", 409, "feedback_closed");
  code("PATCH", path, "{\"state\":\"in_progress\"}", 409,
       "feedback_transition");
  j = call("PATCH", path, "{\"state\":\"reopened\"}", 200);
  assert_string_equal(json_string_value(json_object_get(j, "state")),
                      "reopened");
  assert_int_equal(json_array_size(json_object_get(j, "replies")), 2);
  assert_int_equal(json_array_size(json_object_get(j, "events")), 5);
  json_decref(j);
  /* Past its due time it is overdue, and listed as such. */
  char sql[120];
  snprintf(sql, sizeof sql,
           "UPDATE feedback SET due_at = now() - interval '1 hour'"
           " WHERE id = %lld",
           (long long)id);
  assert_true(api_sql_text(&srv, sql, NULL, 0));
  j = call("GET", "/api/v1/feedback?overdue=true&store=CRM1", NULL, 200);
  json_t *items = json_object_get(j, "items");
  assert_int_equal(json_array_size(items), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(items, 0), "sla")),
      "overdue");
  json_decref(j);
  j = call("GET", "/api/v1/feedback?kind=complaint&sku=CRM-SKU", NULL, 200);
  assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
  json_decref(j);
}

static void
ticket_creation_replays_by_key(void **state)
{
  const char *body = "{\"store\":\"CRM1\",\"kind\":\"review\",\"rating\":5,"
                     "\"text\":\"很好看\",\"idempotency_key\":\"crm-fb-1\"}";
  json_t *a = call("POST", "/api/v1/feedback", body, 201);
  json_t *b = call("POST", "/api/v1/feedback", body, 200);
  assert_int_equal(json_integer_value(json_object_get(a, "id")),
                   json_integer_value(json_object_get(b, "id")));
  json_decref(a);
  json_decref(b);
  code("POST", "/api/v1/feedback",
       "{\"store\":\"CRM1\",\"kind\":\"review\",\"rating\":4,"
       "\"text\":\"很好看\",\"idempotency_key\":\"crm-fb-1\"}",
       409, "idempotency_conflict");
}

/* Counts per segment, by SQL written apart from crm_segments.sql. */
static const char independent[] =
    "WITH b AS (SELECT store_id, customer_id, count(*) AS n,"
    " sum(total) AS s, max(created_at) AS l FROM sales_order"
    " WHERE customer_id IS NOT NULL AND state <> 'cancelled'"
    " GROUP BY 1, 2), q AS (SELECT n,"
    " least(5, 1 + floor(5 * (rank() OVER (PARTITION BY store_id ORDER BY l)"
    " - 1)::float8 / greatest(count(*) OVER (PARTITION BY store_id) - 1, 1)))"
    " AS r, least(5, 1 + floor(5 * (rank() OVER (PARTITION BY store_id"
    " ORDER BY n) - 1)::float8 / greatest(count(*) OVER (PARTITION BY"
    " store_id) - 1, 1))) AS f, least(5, 1 + floor(5 * (rank() OVER"
    " (PARTITION BY store_id ORDER BY s) - 1)::float8 / greatest(count(*)"
    " OVER (PARTITION BY store_id) - 1, 1))) AS m FROM b)"
    " SELECT string_agg(g || '=' || c, ',' ORDER BY g) FROM (SELECT CASE"
    " WHEN n = 1 AND r >= 4 THEN 'new' WHEN r >= 4 AND f >= 4 AND m >= 4"
    " THEN 'champions' WHEN r >= 3 AND f >= 3 THEN 'loyal' WHEN r <= 2 AND"
    " f >= 3 THEN 'at_risk' WHEN r <= 2 THEN 'hibernating' ELSE 'others'"
    " END AS g, count(*) AS c FROM q GROUP BY 1) x";

static void
segment_counts_match_an_independent_computation(void **state)
{
  /* Ten more customers with 1..4 orders, days apart. */
  for (int i = 0; i < 10; i++) {
    char ext[16], email[40], phone[16];
    snprintf(email, sizeof email, "seg%d@example.com", i);
    snprintf(phone, sizeof phone, "1390000%04d", i);
    for (int k = 0; k <= i % 4; k++) {
      snprintf(ext, sizeof ext, "S-%d-%d", i, k);
      order(ext, "分群", email, phone, 1 + i);
    }
  }
  assert_true(api_sql_text(&srv,
                           "UPDATE sales_order SET created_at = now() -"
                           " make_interval(days => ((id * 7) % 200)::int)",
                           NULL, 0));
  json_t *r = call("POST", "/api/v1/customers/segments/refresh", NULL, 200);
  assert_true(json_integer_value(json_object_get(r, "customers")) >= 11);
  json_decref(r);
  char want[300];
  assert_true(api_sql_text(&srv, independent, want, sizeof want));
  json_t *j = call("GET", "/api/v1/customers/segments", NULL, 200);
  char got[300] = "";
  size_t used = 0, i;
  json_t *s;
  /* The API lists every segment; the SQL only the non-empty ones. */
  const char *order_[] = {"at_risk", "champions", "hibernating",
                          "loyal",   "new",       "others"};
  for (size_t k = 0; k < 6; k++) {
    json_array_foreach(json_object_get(j, "segments"), i, s)
    {
      const char *name = json_string_value(json_object_get(s, "segment"));
      json_int_t c = json_integer_value(json_object_get(s, "customers"));
      if (strcmp(name, order_[k]) == 0 && c > 0)
        used += (size_t)snprintf(got + used, sizeof got - used, "%s%s=%lld",
                                 used > 0 ? "," : "", name, (long long)c);
    }
  }
  json_decref(j);
  assert_string_equal(got, want);
  /* The list's segment filter agrees with the count of one segment. */
  j = call("GET", "/api/v1/customers?segment=new&limit=500", NULL, 200);
  char n[16];
  assert_true(api_sql_text(&srv,
                           "SELECT count(*) FROM customer_rfm"
                           " WHERE segment = 'new'",
                           n, sizeof n));
  assert_int_equal(json_array_size(json_object_get(j, "items")), atoi(n));
  json_decref(j);
}

static void
viewer_sees_masked_values_and_picker_nothing(void **state)
{
  char path[80];
  snprintf(path, sizeof path, "/api/v1/customers/%lld", (long long)cust_a);
  json_t *j = as(viewer, "GET", path, NULL, 200);
  char *text = json_dumps(j, JSON_COMPACT);
  assert_null(strstr(text, "13800001111"));
  assert_null(strstr(text, "li.lei@"));
  assert_null(strstr(text, "建设路"));
  assert_non_null(strstr(text, "138****1111"));
  free(text);
  json_decref(j);
  j = as(viewer, "GET", "/api/v1/feedback?store=CRM1", NULL, 200);
  text = json_dumps(j, JSON_COMPACT);
  assert_null(strstr(text, "13800001111"));
  assert_non_null(strstr(text, "138****1111"));
  free(text);
  json_decref(j);
  struct api_server s = srv;
  memcpy(s.token, viewer, sizeof s.token);
  struct api_reply rep;
  assert_true(api_call(&s, "GET",
                       "/api/v1/customers/segments/others/export.csv", NULL, 0,
                       NULL, NULL, &rep));
  assert_int_equal(rep.status, 200);
  assert_null(strstr(rep.body, "13800001111"));
  api_reply_clear(&rep);
  json_decref(as(picker, "GET", path, NULL, 403));
  json_decref(as(picker, "GET", "/api/v1/feedback", NULL, 403));
  /* Viewers read tickets but change nothing; clerks do. */
  json_decref(as(viewer, "PATCH", path, "{\"note\":\"x\"}", 403));
  json_decref(as(clerk, "PATCH", path, "{\"note\":\"电话回访\"}", 200));
}

static void
export_and_erase_are_admin_only_and_keep_orders(void **state)
{
  char path[96], n[16], sql[200];
  snprintf(path, sizeof path, "/api/v1/customers/%lld/export",
           (long long)cust_a);
  json_decref(as(clerk, "GET", path, NULL, 403));
  json_t *j = call("GET", path, NULL, 200);
  assert_true(json_array_size(json_object_get(j, "tickets")) >= 1);
  json_decref(j);
  assert_true(api_sql_text(&srv,
                           "SELECT count(*) FROM audit_log WHERE route ="
                           " '/api/v1/customers/{id}/export'",
                           n, sizeof n));
  assert_true(atoi(n) >= 1);
  snprintf(path, sizeof path, "/api/v1/customers/%lld/erase",
           (long long)cust_a);
  json_decref(as(clerk, "POST", path, NULL, 403));
  j = call("POST", path, NULL, 200);
  json_t *c = json_object_get(j, "customer");
  assert_string_equal(json_string_value(json_object_get(c, "name")), "");
  assert_true(json_is_true(json_object_get(c, "erased")));
  assert_int_equal(json_integer_value(
                       json_object_get(json_object_get(j, "totals"), "orders")),
                   6);
  json_decref(j);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM sales_order WHERE customer_id = %lld AND"
           " (ship_to_pii IS NOT NULL OR ship_to ? 'line1')",
           (long long)cust_a);
  assert_true(api_sql_text(&srv, sql, n, sizeof n));
  assert_string_equal(n, "0");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(customer_360_shows_totals_tags_notes_and_addresses),
      cmocka_unit_test(merge_keeps_every_order),
      cmocka_unit_test(returns_count_in_the_totals),
      cmocka_unit_test(ticket_due_time_follows_severity_and_store_hours),
      cmocka_unit_test(ticket_state_rules_are_enforced),
      cmocka_unit_test(ticket_creation_replays_by_key),
      cmocka_unit_test(segment_counts_match_an_independent_computation),
      cmocka_unit_test(viewer_sees_masked_values_and_picker_nothing),
      cmocka_unit_test(export_and_erase_are_admin_only_and_keep_orders),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
