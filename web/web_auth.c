#include "web_auth.h"

#include "core_arena.h"
#include "core_audit.h"
#include "core_log.h"
#include "core_password.h"
#include "core_utf8.h"
#include "web_reply.h"
#include "web_routes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool
is_change(const char *method)
{
  return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
         strcmp(method, "OPTIONS") != 0;
}

/* The value of cookie @a name in the Cookie header, in the arena, or NULL. */
static const char *
cookie_value(struct web_request *req, const char *name)
{
  const char *v = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
  return v != NULL && v[0] != '\0' ? v : NULL;
}

/* The token of "Authorization: Bearer <token>", or NULL. */
static const char *
bearer(struct web_request *req, bool *malformed)
{
  const char *h = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                              MHD_HTTP_HEADER_AUTHORIZATION);
  *malformed = false;
  if (h == NULL)
    return NULL;
  if (strncasecmp(h, "Bearer ", 7) != 0) {
    *malformed = true;
    return NULL;
  }
  h += 7;
  while (*h == ' ')
    h++;
  return h;
}

const char *
web_auth_api_key_sent(struct web_request *req)
{
  bool malformed = false;
  const char *token = bearer(req, &malformed);
  return token != NULL && core_auth_is_api_key(token) ? token : NULL;
}

/* Finds the caller; CORE_EC_OK with kind NONE when no credential came. */
static enum core_ec
authenticate(struct web_request *req, bool *malformed)
{
  const char *token = bearer(req, malformed);
  if (*malformed)
    return CORE_EC_UNAUTHENTICATED;
  if (token != NULL) {
    if (core_auth_is_api_key(token))
      return core_auth_api_key_get(token, req->arena, &req->principal);
    return core_auth_session_get(token, req->arena, &req->principal);
  }
  token = cookie_value(req, WEB_AUTH_COOKIE);
  if (token == NULL)
    return CORE_EC_OK;
  req->cookie_auth = true;
  return core_auth_session_get(token, req->arena, &req->principal);
}

bool
web_auth_allows(const struct web_request *req, const char *perm)
{
  const struct core_principal *p = &req->principal;
  if (p->kind == CORE_PRINCIPAL_KEY)
    return core_perm_scopes_allow(p->scopes, perm);
  if (strcmp(perm, CORE_PERM_AUTHENTICATED) == 0)
    return true;
  return core_perm_role_allows(p->role, perm);
}

bool
web_auth_reads_pii(const struct web_request *req)
{
  return req->principal.kind != CORE_PRINCIPAL_NONE &&
         web_auth_allows(req, "customers.read_pii");
}

static bool
csrf_ok(struct web_request *req)
{
  if (!req->cookie_auth || !is_change(req->method))
    return true;
  const char *sent =
      MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");
  return sent != NULL && req->principal.csrf_token != NULL &&
         core_password_equal(sent, req->principal.csrf_token);
}

bool
web_auth_or_reply(struct web_request *req, enum MHD_Result *ret)
{
  const char *perm = req->route->perm;
  if (strcmp(perm, CORE_PERM_PUBLIC) == 0)
    return true;
  bool malformed = false;
  enum core_ec ec = authenticate(req, &malformed);
  if (ec == CORE_EC_OK && req->principal.kind == CORE_PRINCIPAL_NONE)
    ec = CORE_EC_UNAUTHENTICATED;
  if (ec == CORE_EC_UNAUTHENTICATED) {
    req->principal.kind = CORE_PRINCIPAL_NONE;
    *ret = web_reply_error(req, ec, NULL,
                           malformed ? "the Authorization header is not "
                                       "\"Bearer <token>\""
                                     : NULL);
    return false;
  }
  if (ec != CORE_EC_OK) {
    *ret = web_reply_error(req, ec, NULL, NULL);
    return false;
  }
  if (!web_auth_allows(req, perm)) {
    *ret = web_reply_error(req, CORE_EC_FORBIDDEN, NULL,
                           "%s %s needs permission %s", req->method,
                           req->route->pattern, perm);
    return false;
  }
  if (!csrf_ok(req)) {
    *ret = web_reply_error(req, CORE_EC_CSRF_REQUIRED, NULL, NULL);
    return false;
  }
  return true;
}

bool
web_auth_peek(struct web_request *req)
{
  bool malformed = false;
  enum core_ec ec = authenticate(req, &malformed);
  if (ec == CORE_EC_OK && req->principal.kind == CORE_PRINCIPAL_USER)
    return true;
  req->principal.kind = CORE_PRINCIPAL_NONE;
  return false;
}

bool
web_auth_warehouse_or_reply(struct web_request *req, const char *code,
                            enum MHD_Result *ret)
{
  if (core_auth_warehouse_allowed(&req->principal, code))
    return true;
  *ret = web_reply_error(req, CORE_EC_WAREHOUSE_FORBIDDEN, NULL,
                         "your account may not touch warehouse %.40s", code);
  return false;
}

/* The audit outcome of HTTP @a status: ok, denied or error. */
static const char *
outcome(unsigned status)
{
  if (status < 400)
    return "ok";
  if (status == 401 || status == 403 || status == 429)
    return "denied";
  return "error";
}

/* The audit row of change request @a req, with its status as it stands. */
static struct core_audit_row
audit_row(struct web_request *req)
{
  const struct core_principal *p = &req->principal;
  static const char *const kinds[] = {"anonymous", "user", "api_key"};
  char *target = core_arena_strdup(req->arena, req->path);
  core_utf8_sanitize(target);
  const char *name = p->name;
  if (name == NULL)
    name = req->audit_name != NULL ? req->audit_name : "";
  return (struct core_audit_row){
      .request_id = req->request_id,
      .principal_kind = kinds[p->kind],
      .principal = name,
      .role =
          p->kind == CORE_PRINCIPAL_USER ? core_perm_role_name(p->role) : "",
      .method = req->method,
      .route = req->route->pattern,
      .target = target,
      .status = req->status,
      .outcome = outcome(req->status),
  };
}

void
web_auth_audit_ride(struct web_request *req, struct core_audit_ride *ride,
                    struct core_db_riders *riders)
{
  if (req->route == NULL || !is_change(req->method))
    return;
  struct core_audit_row row = audit_row(req); /* strings in the arena */
  core_audit_ride(&row, ride, riders);
}

void
web_auth_audit(struct web_request *req)
{
  if (req->route == NULL || !is_change(req->method))
    return;
  /* A change that committed has its row already, in its transaction. */
  if (req->audit_landed && req->status < 400)
    return;
  struct core_audit_row row = audit_row(req);
  enum core_ec ec = core_audit_append(&row);
  if (ec != CORE_EC_OK)
    CORE_WARN("could not write the audit row of %s %s rid=%s: %s", req->method,
              req->path, req->request_id, core_ec_name(ec));
}

void
web_auth_audit_read(struct web_request *req, unsigned status)
{
  struct core_audit_row row = audit_row(req);
  row.status = status;
  row.outcome = outcome(status);
  enum core_ec ec = core_audit_append(&row);
  if (ec != CORE_EC_OK)
    CORE_WARN("could not write the audit row of %s %s rid=%s: %s", req->method,
              req->path, req->request_id, core_ec_name(ec));
}

const char *
web_auth_cookie(struct web_request *req, const char *token)
{
  if (token == NULL)
    return core_arena_printf(req->arena,
                             WEB_AUTH_COOKIE "=; Path=/; Max-Age=0; HttpOnly;"
                                             " SameSite=Strict%s",
                             req->tls ? "; Secure" : "");
  return core_arena_printf(req->arena,
                           WEB_AUTH_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly;"
                                           " SameSite=Strict%s",
                           token, CORE_AUTH_LIFETIME_S,
                           req->tls ? "; Secure" : "");
}

json_t *
web_auth_list_json(const char *list)
{
  json_t *a = json_array();
  const char *s = list != NULL ? list : "";
  while (*s != '\0') {
    size_t k = strcspn(s, ",");
    json_array_append_new(a, json_stringn(s, k));
    s += k;
    if (*s == ',')
      s++;
  }
  return a;
}

enum MHD_Result
web_auth_login_reply(struct web_request *req, enum core_ec ec,
                     const struct core_auth_session *s, unsigned retry_after,
                     const char *who)
{
  if (ec == CORE_EC_TOO_MANY_REQUESTS) {
    req->audit_name = who;
    req->retry_after = core_arena_printf(req->arena, "%u", retry_after);
    return web_reply_error(req, ec, NULL,
                           "too many failed logins; retry in %u seconds",
                           retry_after);
  }
  if (ec == CORE_EC_BAD_CREDENTIALS) {
    req->audit_name = who;
    return web_reply_error(req, ec, NULL, NULL);
  }
  if (ec != CORE_EC_OK) {
    req->audit_name = who;
    return web_reply_error(req, ec, NULL, NULL);
  }
  req->principal = s->principal;
  req->set_cookie = web_auth_cookie(req, s->token);
  return web_reply_pack(req, MHD_HTTP_OK, "{s:s, s:s, s:{s:s, s:s, s:o}}",
                        "token", s->token, "csrf_token", s->csrf_token, "user",
                        "username", s->principal.name, "role",
                        core_perm_role_name(s->principal.role), "warehouses",
                        web_auth_list_json(s->principal.warehouses));
}
