#include "openapi_doc.h"

#include <stdio.h>
#include <string.h>

/* The group a route is listed under: /api/v1/<this>/..., else its kind. */
static void
tag_of(const struct openapi_route *r, char *out, size_t cap)
{
  const char *p = r->pattern;
  if (strcmp(p, "/api/docs") == 0 || strcmp(p, "/api/v1/openapi.json") == 0) {
    snprintf(out, cap, "openapi");
  } else if (strncmp(p, "/api/v1/", 8) == 0) {
    p += 8;
    snprintf(out, cap, "%.*s", (int)strcspn(p, "/"), p);
  } else if (strcmp(p, "/healthz") == 0 || strcmp(p, "/readyz") == 0) {
    snprintf(out, cap, "health");
  } else if (strncmp(p, "/track/", 7) == 0) {
    snprintf(out, cap, "tracking");
  } else {
    snprintf(out, cap, "ui");
  }
}

/* The OpenAPI path of a route pattern: a last "{*}" becomes "{path}". */
static void
path_of(const struct openapi_route *r, char *out, size_t cap)
{
  snprintf(out, cap, "%s", r->pattern);
  char *star = strstr(out, "{*}");
  if (star != NULL)
    snprintf(star, cap - (size_t)(star - out), "{path}");
}

/*
 * Query parameter @a name: typed as the handler reads it (@a typed, may be
 * NULL), else the shared ones by reference, else a string.
 */
static json_t *
query_param(const char *name, const json_t *typed)
{
  if (typed != NULL)
    return json_pack("{s:s, s:s, s:b, s:O}", "name", name, "in", "query",
                     "required", 0, "schema", typed);
  if (strcmp(name, "limit") == 0 || strcmp(name, "cursor") == 0 ||
      strcmp(name, "offset") == 0 || strcmp(name, "format") == 0 ||
      strcmp(name, "lang") == 0) {
    char ref[96];
    snprintf(ref, sizeof ref, "#/components/parameters/%s", name);
    return json_pack("{s:s}", "$ref", ref);
  }
  return json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "query",
                   "required", 0, "schema", "type", "string");
}

/* Whether JSON array @a ids holds @a i. */
static bool
has_index(const json_t *ids, size_t i)
{
  size_t k;
  const json_t *v;
  json_array_foreach(ids, k, v)
  {
    if (json_integer_value(v) == (json_int_t)i)
      return true;
  }
  return false;
}

static json_t *
parameters(const struct openapi_route *r, const struct openapi_facts *f,
           const char *path)
{
  json_t *a = json_array();
  size_t idx = 0;
  for (const char *p = strchr(path, '{'); p != NULL;
       p = strchr(p + 1, '{'), idx++) {
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(p + 1, "}"), p + 1);
    json_t *schema =
        has_index(f->path_ids, idx)
            ? json_pack("{s:s, s:i}", "type", "integer", "minimum", 1)
            : json_pack("{s:s}", "type", "string");
    json_array_append_new(a,
                          json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in",
                                    "path", "required", 1, "schema", schema));
  }
  for (size_t i = 0; r->query != NULL && r->query[i] != NULL; i++)
    json_array_append_new(
        a, query_param(r->query[i], json_object_get(f->query, r->query[i])));
  return a;
}

/* Whether @a r lists query parameter @a name. */
static bool
has_query(const struct openapi_route *r, const char *name)
{
  for (size_t i = 0; r->query != NULL && r->query[i] != NULL; i++) {
    if (strcmp(r->query[i], name) == 0)
      return true;
  }
  return false;
}

static json_t *
ref(const char *what, const char *name)
{
  char buf[128];
  snprintf(buf, sizeof buf, "#/components/%s%s", what, name);
  return json_pack("{s:s}", "$ref", buf);
}

/*
 * One success reply: @a content, whose JSON schema is the exact one the
 * handler packs for @a status when it has one (openapi_pack).
 */
static json_t *
reply(const char *what, const json_t *content, const struct openapi_facts *f,
      const char *status)
{
  json_t *exact = json_object_get(f->replies, status);
  json_t *c = json_deep_copy(content);
  if (exact != NULL && json_object_get(c, "application/json") != NULL)
    json_object_set_new(c, "application/json",
                        json_pack("{s:O}", "schema", exact));
  return json_pack("{s:s, s:o}", "description", what, "content", c);
}

/* The success replies of @a r, by its kind: UI file, export, list, object. */
static json_t *
successes(const struct openapi_route *r, const struct openapi_facts *f)
{
  json_t *res = json_object();
  json_t *content = json_object();
  const char *h = r->handler;
  if (strcmp(h, "web_ui_root_get") == 0) {
    json_object_set_new(
        res, "302",
        json_pack("{s:s}", "description", "to the UI's start page"));
    json_decref(content);
    return res;
  }
  if (strncmp(h, "web_ui_", 7) == 0 || strcmp(h, "web_openapi_get") == 0) {
    json_object_set_new(
        res, "304",
        json_pack("{s:s}", "description",
                  "not modified (If-None-Match names the ETag)"));
  }
  for (size_t i = 0; i < f->ntypes; i++)
    json_object_set_new(content, f->types[i],
                        json_pack("{s:{s:s, s:s}}", "schema", "type", "string",
                                  "contentMediaType", f->types[i]));
  if (strcmp(h, "web_ui_asset_get") == 0)
    json_object_set_new(content, "*/*", json_pack("{s:{}}", "schema"));
  else if (strcmp(h, "web_ui_page_get") == 0) {
    size_t len = strlen(r->pattern);
    bool script = len > 3 && strcmp(r->pattern + len - 3, ".js") == 0;
    json_object_set_new(content,
                        script ? "text/javascript; charset=utf-8"
                               : "text/html; charset=utf-8",
                        json_pack("{s:{s:s}}", "schema", "type", "string"));
  } else if (f->ntypes == 0 || f->json || has_query(r, "format")) {
    const char *shape = has_query(r, "cursor")   ? "Page"
                        : has_query(r, "offset") ? "OffsetPage"
                                                 : "Object";
    if (strcmp(h, "web_openapi_get") == 0)
      shape = "Object";
    json_object_set_new(content, "application/json",
                        json_pack("{s:o}", "schema", ref("schemas/", shape)));
  }
  if (has_query(r, "format")) {
    const char *csv = "text/csv; charset=utf-8";
    const char *xlsx =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    json_object_set_new(content, csv,
                        json_pack("{s:{s:s}}", "schema", "type", "string"));
    json_object_set_new(content, xlsx,
                        json_pack("{s:{s:s, s:s}}", "schema", "type", "string",
                                  "contentMediaType", xlsx));
  }
  if (f->no_content)
    json_object_set_new(res, "204",
                        json_pack("{s:s}", "description", "done; no body"));
  if (f->created)
    json_object_set_new(res, "201", reply("created", content, f, "201"));
  if (f->accepted)
    json_object_set_new(res, "202", reply("accepted", content, f, "202"));
  if (f->ok || (!f->created && !f->no_content && !f->accepted))
    json_object_set_new(res, "200", reply("success", content, f, "200"));
  json_decref(content);
  return res;
}

/* A unique operationId: the handler's name, qualified when it is shared. */
static void
operation_id(const struct openapi_route *routes, size_t n, size_t i, char *out,
             size_t cap)
{
  bool shared = false;
  for (size_t k = 0; k < n; k++)
    shared |= k != i && strcmp(routes[k].handler, routes[i].handler) == 0;
  if (!shared) {
    snprintf(out, cap, "%s", routes[i].handler);
    return;
  }
  size_t len = (size_t)snprintf(out, cap, "%s_", routes[i].handler);
  for (const char *p = routes[i].pattern; *p != '\0' && len + 1 < cap; p++) {
    bool keep = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
    out[len++] = keep ? *p : '_';
  }
  out[len < cap ? len : cap - 1] = '\0';
}

static json_t *
operation(const struct openapi_route *routes, size_t n, size_t i,
          const struct openapi_facts *f, const json_t *perms, const char *path)
{
  const struct openapi_route *r = &routes[i];
  char tag[64], id[192];
  tag_of(r, tag, sizeof tag);
  operation_id(routes, n, i, id, sizeof id);
  json_t *op =
      json_pack("{s:[s], s:s, s:s, s:s, s:s, s:o}", "tags", tag, "operationId",
                id, "summary", r->handler, "x-permission", r->perm, "x-scope",
                r->scope != NULL ? r->scope : "WEB_SCOPE_NONE", "parameters",
                parameters(r, f, path));
  if (r->scope_from != NULL)
    json_object_set_new(op, "x-scope-from", json_string(r->scope_from));
  /* Who may call: the roles holding the permission, the key scopes
     granting it (core_perm.c). */
  const json_t *p = json_object_get(perms, r->perm);
  if (strcmp(r->perm, "public") != 0) {
    json_object_set(op, "x-roles", json_object_get(p, "roles"));
    if (strcmp(r->perm, "authenticated") != 0)
      json_object_set(op, "x-api-key-scopes", json_object_get(p, "scopes"));
  }
  /* Owner scope (web_owner.c): whether a client bound to a stock owner
     may call it, and then it sees only its owner's records (another
     owner's answer 404, lists filter). */
  bool client = r->owner != NULL && strcmp(r->owner, "WEB_OWNER_REFUSED") != 0;
  json_object_set_new(op, "x-owner-scoped", json_boolean(client));
  if (client)
    json_object_set_new(op, "x-owner-kind", json_string(r->owner));
  /* Security requirements: a session (cookie or bearer token) of a role
     in x-roles, or an API key with one of the scopes (OpenAPI 3.1 lets a
     non-OAuth requirement name roles or scopes). */
  if (strcmp(r->perm, "public") == 0)
    json_object_set_new(op, "security", json_array());
  else {
    json_t *roles = json_object_get(p, "roles");
    json_t *none = json_array();
    json_t *sec =
        json_pack("[{s:O}, {s:O}]", "session", roles != NULL ? roles : none,
                  "bearer", roles != NULL ? roles : none);
    json_decref(none);
    const json_t *scopes = json_object_get(p, "scopes");
    if (strcmp(r->perm, "authenticated") == 0)
      json_array_append_new(sec, json_pack("{s:[]}", "api_key"));
    else if (json_array_size(scopes) > 0)
      json_array_append_new(sec, json_pack("{s:O}", "api_key", scopes));
    json_object_set_new(op, "security", sec);
  }
  if (r->json_body) {
    json_t *schema = f->body != NULL ? json_incref(f->body)
                                     : json_pack("{s:s}", "type", "object");
    json_object_set_new(op, "requestBody",
                        json_pack("{s:b, s:{s:{s:o}}}", "required",
                                  !r->body_optional, "content",
                                  "application/json", "schema", schema));
  }
  /* A write a handheld may retry names its key: a replay answers the
     first result (README, HTTP API). */
  if (json_object_get(json_object_get(f->body, "properties"),
                      "idempotency_key") != NULL)
    json_object_set_new(
        op, "x-idempotency-key",
        json_pack("{s:s, s:s}", "in", "body", "name", "idempotency_key"));
  json_t *res = successes(r, f);
  if (strcmp(r->perm, "public") != 0) {
    json_object_set_new(res, "401", ref("responses/", "Error"));
    json_object_set_new(res, "403", ref("responses/", "Error"));
  }
  json_object_set_new(res, "default", ref("responses/", "Error"));
  json_object_set_new(op, "responses", res);
  return op;
}

/* components: the error shape with every code, pages, auth, parameters. */
static json_t *
components(const json_t *codes)
{
  json_t *names = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(codes, i, c)
  {
    json_array_append(names, json_object_get(c, "name"));
  }
  json_t *schemas = json_pack(
      "{s:{s:s, s:o, s:O}, s:{s:s, s:[s], s:{s:{s:s, s:[s,s], s:{s:{s:s},"
      " s:{s:s}, s:{s:s}, s:{s:s}}}}},"
      " s:{s:s}, s:{s:s, s:[s,s], s:{s:{s:s, s:{s:s}}, s:{s:[s,s]}}},"
      " s:{s:s, s:[s,s,s,s], s:{s:{s:s, s:{s:s}}, s:{s:s}, s:{s:s},"
      " s:{s:s}}}}",
      "ErrorCode", "type", "string", "enum", names, "x-codes", codes, "Error",
      "type", "object", "required", "error", "properties", "error", "type",
      "object", "required", "code", "message", "properties", "code", "$ref",
      "#/components/schemas/ErrorCode", "message", "type", "string", "field",
      "type", "string", "params", "type", "object", "Object", "type", "object",
      "Page", "type", "object", "required", "items", "next", "properties",
      "items", "type", "array", "items", "type", "object", "next", "type",
      "string", "null", "OffsetPage", "type", "object", "required", "items",
      "total", "limit", "offset", "properties", "items", "type", "array",
      "items", "type", "object", "total", "type", "integer", "limit", "type",
      "integer", "offset", "type", "integer");
  json_t *params = json_pack(
      "{s:{s:s, s:s, s:{s:s, s:i}},"
      " s:{s:s, s:s, s:s, s:{s:s}},"
      " s:{s:s, s:s, s:{s:s, s:i}},"
      " s:{s:s, s:s, s:{s:s, s:[s,s,s]}},"
      " s:{s:s, s:s, s:{s:s, s:[s,s]}}}",
      "limit", "name", "limit", "in", "query", "schema", "type", "integer",
      "minimum", 1, "cursor", "name", "cursor", "in", "query", "description",
      "the opaque \"next\" of the previous page", "schema", "type", "string",
      "offset", "name", "offset", "in", "query", "schema", "type", "integer",
      "minimum", 0, "format", "name", "format", "in", "query", "schema", "type",
      "string", "enum", "json", "csv", "xlsx", "lang", "name", "lang", "in",
      "query", "schema", "type", "string", "enum", "en", "zh-CN");
  return json_pack(
      "{s:o, s:o, s:{s:{s:s, s:o}},"
      " s:{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s},"
      " s:{s:s, s:s, s:s, s:s}}}",
      "schemas", schemas, "parameters", params, "responses", "Error",
      "description", "the one error shape (HTTP status from the code)",
      "content",
      json_pack("{s:{s:o}}", "application/json", "schema",
                ref("schemas/", "Error")),
      "securitySchemes", "session", "type", "apiKey", "in", "cookie", "name",
      "depot_session", "description",
      "the session of POST /api/v1/auth/login; writes also send its "
      "csrf_token as X-CSRF-Token",
      "bearer", "type", "http", "scheme", "bearer", "description",
      "a session token as Authorization: Bearer <token>", "api_key", "type",
      "apiKey", "in", "header", "name", "Authorization", "description",
      "an API key (depot apikey create --scopes ... [--owner CODE]) as "
      "Authorization: Bearer <key>; an operation lists the scopes that "
      "grant it; a key bound to an owner sees only that owner's records "
      "(x-owner-scoped) and is refused elsewhere");
}

json_t *
openapi_doc_build(const struct openapi_route *routes,
                  const struct openapi_facts *facts, size_t n,
                  const json_t *codes, const json_t *perms, const char *version)
{
  json_t *paths = json_object();
  for (size_t i = 0; i < n; i++) {
    char path[256], method[16];
    path_of(&routes[i], path, sizeof path);
    snprintf(method, sizeof method, "%s", routes[i].method);
    for (char *m = method; *m != '\0'; m++)
      *m = (char)(*m - 'A' + 'a');
    json_t *item = json_object_get(paths, path);
    if (item == NULL) {
      item = json_object();
      json_object_set_new(paths, path, item);
    }
    json_object_set_new(item, method,
                        operation(routes, n, i, &facts[i], perms, path));
  }
  return json_pack(
      "{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:o}", "openapi", "3.1.0",
      "info", "title", "Depot API", "version", version, "description",
      "Generated at build time from the route table (web/web_routes.c), the "
      "handlers' JSON input specs and the error registry "
      "(core/core_ec.def). Every error is {\"error\":{\"code\",\"message\","
      "\"field\",\"params\"}}; the HTTP status follows from the code.",
      "servers", "url", "/", "paths", paths, "components", components(codes));
}
