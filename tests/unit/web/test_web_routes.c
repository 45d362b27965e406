/* The router: patterns with parameters, 404 versus 405, odd paths. */
#include "web_routes.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static enum web_route_match
match(const char *method, const char *path, const struct web_route **r,
      const char *params[], unsigned *n, char *allow)
{
  static char scratch[512];
  snprintf(scratch, sizeof scratch, "%s", path);
  return web_routes_match(method, path, scratch, r, params, n, allow, 64);
}

static void
matches_literal_and_parameter_segments(void **state)
{
  const struct web_route *r;
  const char *params[WEB_MAX_PARAMS];
  unsigned n;
  char allow[64];
  assert_int_equal(match("GET", "/healthz", &r, params, &n, allow),
                   WEB_ROUTE_FOUND);
  assert_int_equal(n, 0);
  assert_int_equal(
      match("GET", "/api/v1/warehouses/ZZ1", &r, params, &n, allow),
      WEB_ROUTE_FOUND);
  assert_int_equal(n, 1);
  assert_string_equal(params[0], "ZZ1");
  assert_string_equal(r->pattern, "/api/v1/warehouses/{wh}");
  assert_int_equal(match("GET", "/api/v1/warehouses/", &r, params, &n, allow),
                   WEB_ROUTE_FOUND);
  assert_string_equal(r->pattern, "/api/v1/warehouses");
  assert_int_equal(match("HEAD", "/healthz", &r, params, &n, allow),
                   WEB_ROUTE_FOUND);
}

static void
known_path_with_other_method_is_405(void **state)
{
  const struct web_route *r;
  const char *params[WEB_MAX_PARAMS];
  unsigned n;
  char allow[64];
  assert_int_equal(match("PUT", "/api/v1/warehouses", &r, params, &n, allow),
                   WEB_ROUTE_BAD_METHOD);
  assert_string_equal(allow, "GET, POST");
}

static void
unknown_and_odd_paths_are_404(void **state)
{
  const struct web_route *r;
  const char *params[WEB_MAX_PARAMS];
  unsigned n;
  char allow[64];
  const char *paths[] = {"/nope",
                         "",
                         "healthz",
                         "/healthz/x",
                         "//healthz",
                         "/api/v1/warehouses/ZZ1/extra/deep",
                         "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
    assert_int_equal(match("GET", paths[i], &r, params, &n, allow),
                     WEB_ROUTE_NOT_FOUND);
}

static void
every_route_is_well_formed(void **state)
{
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    assert_non_null(r->handler);
    assert_non_null(r->perm);
    assert_int_equal(r->pattern[0], '/');
  }
}

/* A last "{*}" takes the rest of the path: none, one or many segments. */
/* Whether @a name is in the route's allowed query parameters. */
static bool
query_allowed(const struct web_route *r, const char *name)
{
  for (const char *const *q = r->query; q != NULL && *q != NULL; q++) {
    if (strcmp(*q, name) == 0)
      return true;
  }
  return false;
}

/*
 * Warehouse scope is declared by every route, and its key can be found:
 * a path parameter the pattern has, a query parameter the route accepts,
 * or a field of a JSON body. A new route that forgets fails here.
 */
static void
every_route_declares_its_warehouse_scope(void **state)
{
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    if (r->scope == WEB_SCOPE_UNDECLARED)
      fail_msg("%s %s declares no warehouse scope", r->method, r->pattern);
    if (r->scope < WEB_SCOPE_WAREHOUSE) {
      assert_null(r->scope_from);
      continue;
    }
    const char *from = r->scope_from;
    bool ok = from == NULL     ? strchr(r->pattern, '{') != NULL
              : from[0] == '?' ? query_allowed(r, from + 1)
                               : r->json_body;
    if (!ok)
      fail_msg("%s %s: its scope key %s is not in the request", r->method,
               r->pattern, from != NULL ? from : "(path)");
    /* A public route has no caller to limit. */
    assert_string_not_equal(r->perm, "public");
  }
}

/*
 * Owner scope (3PL clients): a route open to clients finds its record's
 * key as warehouse scope does; a public route needs no declaration (it has
 * no owner's data), and a route that declares none is refused to clients
 * by the router, so forgetting is safe.
 */
static void
owner_scope_keys_are_in_the_request(void **state)
{
  unsigned open = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    if (r->owner < WEB_OWNER_OWNER) {
      assert_null(r->owner_from);
      /* A list or the caller's own session names no record: a route with
       * a record in its path must say which kind, so the lead checks it
       * (test_api_owners skips lists in its walk). */
      if (r->owner != WEB_OWNER_REFUSED && strchr(r->pattern, '{') != NULL)
        fail_msg("%s %s: a record route open to clients as a list", r->method,
                 r->pattern);
      open += r->owner != WEB_OWNER_REFUSED;
      continue;
    }
    open++;
    const char *from = r->owner_from;
    bool ok = from == NULL     ? strchr(r->pattern, '{') != NULL
              : from[0] == '?' ? query_allowed(r, from + 1)
                               : r->json_body;
    if (!ok)
      fail_msg("%s %s: its owner key %s is not in the request", r->method,
               r->pattern, from != NULL ? from : "(path)");
    assert_string_not_equal(r->perm, "public");
  }
  /* Stock, products, stores, orders, owners, returns, POs, ASNs, me. */
  assert_true(open >= 10);
}

/*
 * A route the read replica may serve must be a read: a GET, public
 * nowhere (a replica-safe read is a signed-in session's or an API key's),
 * taking no body.
 */
static void
replica_routes_are_reads(void **state)
{
  (void)state;
  unsigned n = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    if (!r->replica)
      continue;
    n++;
    if (strcmp(r->method, "GET") != 0 || r->json_body ||
        strcmp(r->perm, "public") == 0) {
      fprintf(stderr, "replica-safe route %s %s is not a signed-in GET\n",
              r->method, r->pattern);
      fail();
    }
  }
  assert_true(n > 10); /* reports, lists, stock lookups, exports */
}

static void
rest_of_path_matches_any_depth(void **state)
{
  const struct web_route *r;
  const char *params[WEB_MAX_PARAMS];
  unsigned n;
  char allow[64];
  const char *floor[] = {"/floor", "/floor/", "/floor/pick",
                         "/floor/pick/12/x"};
  for (size_t i = 0; i < sizeof floor / sizeof floor[0]; i++) {
    assert_int_equal(match("GET", floor[i], &r, params, &n, allow),
                     WEB_ROUTE_FOUND);
    assert_string_equal(r->pattern, "/floor/{*}");
    assert_int_equal(n, 0);
  }
  assert_int_equal(match("GET", "/ui/lib/api.js", &r, params, &n, allow),
                   WEB_ROUTE_FOUND);
  assert_string_equal(r->pattern, "/ui/{*}");
  assert_int_equal(match("GET", "/", &r, params, &n, allow), WEB_ROUTE_FOUND);
  assert_string_equal(r->pattern, "/");
  assert_int_equal(match("GET", "/floorx", &r, params, &n, allow),
                   WEB_ROUTE_NOT_FOUND);
  assert_int_equal(match("POST", "/floor/x", &r, params, &n, allow),
                   WEB_ROUTE_BAD_METHOD);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(matches_literal_and_parameter_segments),
      cmocka_unit_test(known_path_with_other_method_is_405),
      cmocka_unit_test(unknown_and_odd_paths_are_404),
      cmocka_unit_test(every_route_is_well_formed),
      cmocka_unit_test(rest_of_path_matches_any_depth),
      cmocka_unit_test(every_route_declares_its_warehouse_scope),
      cmocka_unit_test(owner_scope_keys_are_in_the_request),
      cmocka_unit_test(replica_routes_are_reads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
