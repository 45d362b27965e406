/*
 * The OpenAPI document (issue 23 item 5) against what the server really
 * is. depot_openapi_gen reads the sources as text; this test links the
 * compiled route table and the error registry, so a route, method,
 * permission, query parameter or code the generator misread fails here.
 * Then a live server: the document is served public, as built, with an
 * ETag (304), and /api/docs renders it. The shapes of real replies are
 * checked against the document's schemas by tests/e2e/openapi.test.mjs
 * (a JSON Schema validator, which C lacks).
 */
#include "api_harness.h"
#include "core_perm.h"
#include "web_openapi_doc.h"
#include "web_routes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static struct api_server srv;
static json_t *doc;

/* The operation of @a r in the document, or NULL. */
static json_t *
operation_of(const struct web_route *r)
{
  char path[256], method[16];
  snprintf(path, sizeof path, "%s", r->pattern);
  char *star = strstr(path, "{*}");
  if (star != NULL)
    snprintf(star, sizeof path - (size_t)(star - path), "{path}");
  size_t i;
  for (i = 0; r->method[i] != '\0' && i + 1 < sizeof method; i++)
    method[i] = (char)(r->method[i] - 'A' + 'a');
  method[i] = '\0';
  return json_object_get(json_object_get(json_object_get(doc, "paths"), path),
                         method);
}

/* The name of parameter @a p, following a $ref to components/parameters. */
static const char *
param_name(json_t *p)
{
  const char *ref = json_string_value(json_object_get(p, "$ref"));
  if (ref == NULL)
    return json_string_value(json_object_get(p, "name"));
  const char *prefix = "#/components/parameters/";
  assert_true(strncmp(ref, prefix, strlen(prefix)) == 0);
  json_t *c = json_object_get(
      json_object_get(json_object_get(doc, "components"), "parameters"),
      ref + strlen(prefix));
  assert_non_null(c);
  return json_string_value(json_object_get(c, "name"));
}

/* Whether operation @a op declares query parameter @a name. */
static bool
has_query(json_t *op, const char *name)
{
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(op, "parameters"), i, p)
  {
    if (json_object_get(p, "$ref") == NULL &&
        strcmp(json_string_value(json_object_get(p, "in")), "query") != 0)
      continue;
    if (strcmp(param_name(p), name) == 0)
      return true;
  }
  return false;
}

static unsigned
query_count(json_t *op)
{
  unsigned n = 0;
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(op, "parameters"), i, p)
  {
    const char *in = json_string_value(json_object_get(p, "in"));
    n += json_object_get(p, "$ref") != NULL || strcmp(in, "query") == 0;
  }
  return n;
}

static void
every_route_is_documented_as_declared(void **state)
{
  unsigned routes = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    routes++;
    json_t *op = operation_of(r);
    if (op == NULL)
      fail_msg("%s %s is not in the document", r->method, r->pattern);
    assert_string_equal(json_string_value(json_object_get(op, "x-permission")),
                        r->perm);
    /* Public routes ask for nothing; the rest for a session (cookie or
       bearer token), or an API key when a scope grants the route. */
    size_t sec = json_array_size(json_object_get(op, "security"));
    size_t keyed = strcmp(r->perm, "authenticated") == 0 ||
                   json_array_size(json_object_get(op, "x-api-key-scopes")) > 0;
    assert_int_equal(sec, strcmp(r->perm, "public") == 0 ? 0 : 2 + keyed);
    unsigned nq = 0;
    for (unsigned i = 0; r->query != NULL && r->query[i] != NULL; i++, nq++) {
      if (!has_query(op, r->query[i]))
        fail_msg("%s %s: no query parameter %s", r->method, r->pattern,
                 r->query[i]);
    }
    assert_int_equal(query_count(op), nq);
    json_t *body = json_object_get(op, "requestBody");
    assert_int_equal(body != NULL, r->json_body);
    if (body != NULL)
      assert_int_equal(json_is_true(json_object_get(body, "required")),
                       !r->body_optional);
    assert_non_null(
        json_object_get(json_object_get(op, "responses"), "default"));
  }
  /* And nothing else: one operation per route. */
  unsigned ops = 0;
  const char *path;
  json_t *item;
  json_object_foreach(json_object_get(doc, "paths"), path, item)
  {
    ops += (unsigned)json_object_size(item);
  }
  assert_int_equal(ops, routes);
}

/* Whether JSON array @a a holds the string @a s. */
static bool
lists(const json_t *a, const char *s)
{
  size_t i;
  json_t *x;
  json_array_foreach(a, i, x)
  {
    if (strcmp(json_string_value(x), s) == 0)
      return true;
  }
  return false;
}

/*
 * x-roles and x-api-key-scopes say what core_perm.c decides: every role
 * holding the permission and no other; every scope that grants it, out
 * of all the scopes the document names, and no other.
 */
static void
roles_and_scopes_are_the_permission_table(void **state)
{
  json_t *all = json_array();
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(operation_of(r), "x-api-key-scopes"), i,
                       s)
    {
      if (!lists(all, json_string_value(s)))
        json_array_append(all, s);
    }
  }
  assert_true(json_array_size(all) >= 5);
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    json_t *op = operation_of(r);
    if (strcmp(r->perm, "public") == 0) {
      assert_null(json_object_get(op, "x-roles"));
      continue;
    }
    json_t *roles = json_object_get(op, "x-roles");
    for (int role = 0; role < CORE_ROLE_COUNT; role++) {
      if (lists(roles, core_perm_role_name((enum core_role)role)) !=
          core_perm_role_allows((enum core_role)role, r->perm))
        fail_msg("%s %s: x-roles and %s disagree", r->method, r->pattern,
                 core_perm_role_name((enum core_role)role));
    }
    if (strcmp(r->perm, "authenticated") == 0)
      continue;
    json_t *scopes = json_object_get(op, "x-api-key-scopes");
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
    {
      const char *scope = json_string_value(s);
      if (lists(scopes, scope) != core_perm_scopes_allow(scope, r->perm))
        fail_msg("%s %s: x-api-key-scopes and %s disagree", r->method,
                 r->pattern, scope);
    }
  }
  json_decref(all);
}

/* The operation @a method @a path of the document (NULL if absent). */
static json_t *
op_at(const char *path, const char *method)
{
  return json_object_get(json_object_get(json_object_get(doc, "paths"), path),
                         method);
}

/* The scopes the api_key requirement of @a op lists (NULL: none). */
static json_t *
api_key_scopes(const json_t *op)
{
  size_t i;
  json_t *req;
  json_array_foreach(json_object_get(op, "security"), i, req)
  {
    json_t *s = json_object_get(req, "api_key");
    if (s != NULL)
      return s;
  }
  return NULL;
}

/*
 * Scopes and owner binding per operation: POST /api/v1/asns (what a 3PL
 * client's key with asns:write is for) lists asns:write in its api_key
 * requirement, is owner-scoped, and names the roles in its session
 * requirement; a route refused to clients says so; every non-public
 * operation's api_key scopes are its x-api-key-scopes, and every route
 * declaring an owner kind other than REFUSED is x-owner-scoped.
 */
static void
security_lists_scopes_and_owner_binding(void **state)
{
  json_t *asns = op_at("/api/v1/asns", "post");
  assert_non_null(asns);
  json_t *scopes = api_key_scopes(asns);
  assert_non_null(scopes);
  assert_true(lists(scopes, "asns:write"));
  assert_false(lists(scopes, "stock:read"));
  assert_true(json_is_true(json_object_get(asns, "x-owner-scoped")));
  assert_string_equal(json_string_value(json_object_get(asns, "x-owner-kind")),
                      "WEB_OWNER_PO");
  json_t *session = json_object_get(
      json_array_get(json_object_get(asns, "security"), 0), "session");
  assert_true(lists(session, "admin"));
  assert_true(
      lists(api_key_scopes(op_at("/api/v1/stock", "get")), "stock:read"));
  /* Writing a warehouse is no client's business. */
  json_t *wh = op_at("/api/v1/warehouses", "post");
  assert_true(json_is_false(json_object_get(wh, "x-owner-scoped")));
  json_t *schemes =
      json_object_get(json_object_get(doc, "components"), "securitySchemes");
  assert_string_equal(json_string_value(json_object_get(
                          json_object_get(schemes, "api_key"), "type")),
                      "apiKey");
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    json_t *op = operation_of(r);
    bool client = r->owner != WEB_OWNER_REFUSED;
    if (json_is_true(json_object_get(op, "x-owner-scoped")) != client)
      fail_msg("%s %s: x-owner-scoped is not the route's owner", r->method,
               r->pattern);
    if (strcmp(r->perm, "public") == 0 || strcmp(r->perm, "authenticated") == 0)
      continue;
    json_t *listed = api_key_scopes(op);
    json_t *granted = json_object_get(op, "x-api-key-scopes");
    if (json_array_size(granted) == 0 ? listed != NULL
                                      : !json_equal(listed, granted))
      fail_msg("%s %s: api_key scopes are not x-api-key-scopes", r->method,
               r->pattern);
  }
}

/* Request bodies carry the specs' limits (spot checks of the reading). */
static void
request_schemas_carry_the_specs_limits(void **state)
{
  json_t *wh = json_object_get(
      json_object_get(json_object_get(doc, "paths"), "/api/v1/warehouses"),
      "post");
  json_t *s = json_object_get(
      json_object_get(
          json_object_get(json_object_get(wh, "requestBody"), "content"),
          "application/json"),
      "schema");
  json_t *props = json_object_get(s, "properties");
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(props, "code"), "maxLength")),
                   32);
  assert_true(json_is_false(json_object_get(s, "additionalProperties")));
  json_t *req = json_object_get(s, "required");
  assert_int_equal(json_array_size(req), 2);
  /* A nested object's spec lands under its field, with its enum. */
  json_t *kind = json_object_get(
      json_object_get(json_object_get(props, "owner"), "properties"), "kind");
  assert_non_null(kind);
  assert_int_equal(json_array_size(json_object_get(kind, "enum")), 2);
}

/* The error schema's enum is exactly the registry, "ok" aside. */
static void
error_codes_are_the_registry(void **state)
{
  static const char *const names[] = {
#define CORE_EC(NAME, wire, num, status, hint) #wire,
#include "core_ec.def"
#undef CORE_EC
  };
  json_t *e = json_object_get(
      json_object_get(
          json_object_get(json_object_get(doc, "components"), "schemas"),
          "ErrorCode"),
      "enum");
  size_t n = sizeof names / sizeof names[0];
  assert_int_equal(json_array_size(e), n - 1);
  for (size_t i = 0, k = 0; i < n; i++) {
    if (strcmp(names[i], "ok") == 0)
      continue;
    assert_string_equal(json_string_value(json_array_get(e, k++)), names[i]);
  }
}

/* Served public, byte for byte as built, revalidated with its ETag. */
static void
served_public_with_etag(void **state)
{
  struct api_server anon = srv;
  anon.token[0] = '\0';
  struct api_reply r;
  assert_true(
      api_call(&anon, "GET", "/api/v1/openapi.json", NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_string_equal(r.content_type, "application/json; charset=utf-8");
  assert_int_equal(r.body_len, web_openapi_doc.len);
  assert_memory_equal(r.body, web_openapi_doc.data, web_openapi_doc.len);
  assert_non_null(strstr(r.headers, web_openapi_doc.etag));
  api_reply_clear(&r);
  char inm[128];
  snprintf(inm, sizeof inm, "If-None-Match: %s", web_openapi_doc.etag);
  const char *h[] = {inm, NULL};
  assert_true(
      api_call(&anon, "GET", "/api/v1/openapi.json", NULL, 0, NULL, h, &r));
  assert_int_equal(r.status, 304);
  api_reply_clear(&r);
  assert_true(api_call(&anon, "GET", "/api/docs", NULL, 0, NULL, NULL, &r));
  assert_int_equal(r.status, 200);
  assert_string_equal(r.content_type, "text/html; charset=utf-8");
  assert_non_null(strstr(r.body, "/ui/docs/docs.js"));
  api_reply_clear(&r);
}

static int
setup(void **state)
{
  json_error_t err;
  doc = json_loadb((const char *)web_openapi_doc.data, web_openapi_doc.len, 0,
                   &err);
  if (doc == NULL) {
    fprintf(stderr, "openapi.json: %s at %d\n", err.text, err.line);
    return -1;
  }
  return api_server_start(&srv, "openapi", false, NULL) ? 0 : -1;
}

static int
teardown(void **state)
{
  json_decref(doc);
  return api_server_stop(&srv);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_route_is_documented_as_declared),
      cmocka_unit_test(roles_and_scopes_are_the_permission_table),
      cmocka_unit_test(security_lists_scopes_and_owner_binding),
      cmocka_unit_test(request_schemas_carry_the_specs_limits),
      cmocka_unit_test(error_codes_are_the_registry),
      cmocka_unit_test(served_public_with_etag),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
