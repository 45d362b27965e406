#include "web_server.h"

#include "core_arena.h"
#include "core_audit.h"
#include "core_auth.h"
#include "core_db.h"
#include "core_json.h"
#include "core_log.h"
#include "core_mem.h"
#include "core_owner.h"
#include "core_perm.h"
#include "core_replica.h"
#include "web_auth.h"
#include "web_office.h"
#include "web_owner.h"
#include "web_reply.h"
#include "web_request.h"
#include "web_routes.h"
#include "web_scope.h"
#include "wms_scope.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

enum {
  MAX_URL = 2048,
  /* Per connection: headers and read buffer (bodies are ours). 32 KiB
   * holds the longest request line and a session's headers many times
   * over, and keeps 500 idle keep-alive handhelds near 16 MiB. */
  CONN_POOL = 32 * 1024,
  DISCARD_FACTOR = 8, /* past limit × this, drop the connection */
  /* File descriptors kept for the database pool, the push listener,
   * logs, TLS and the cluster's programs; the rest may be connections. */
  FD_RESERVE = 256,
  MAX_CONNECTIONS = 50000,
  DEFAULT_PER_IP = 1000,
  DEFAULT_TIMEOUT_S = 30,
  LOG_BURST = 5,     /* MHD messages per second; the rest are counted */
  TRIM_EVERY_S = 10, /* at most one heap trim this often (trim_when_idle) */
};

struct web_server {
  struct MHD_Daemon *daemon;
  size_t body_limit;
  unsigned port;
  atomic_int inflight;
  atomic_bool stopping;
  bool tls;
  struct web_rate *rate;     /* request rates per API key and address */
  struct web_office *office; /* NULL: office routes run on MHD's threads */
  struct web_office *reads;  /* the read lane (heavy reads); NULL: none */
  atomic_llong last_trim_s;  /* monotonic second of the last heap trim */
};

/* A refusal decided before the body was read, replied once it has been. */
struct pending {
  enum core_ec ec;
  char message[200];
};

/* Where an office route's request is (web_office.h). */
enum office_state {
  OFFICE_NONE,    /* not sent there (yet) */
  OFFICE_QUEUED,  /* suspended, queued or running on an office thread */
  OFFICE_DONE,    /* its reply is held in req.held: queue it */
  OFFICE_REFUSED, /* the lane would not take it: answer on this thread */
};

struct request_state {
  struct web_request req;
  struct web_server *srv;
  struct pending pending;
  size_t discarded;
  char allow[64];
  enum office_state office;
  enum MHD_Result office_ret; /* what the handler returned there */
};

static uint64_t
now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Keeps a client's X-Request-Id if it is short and plain, else makes one. */
static void
set_request_id(struct web_request *req)
{
  const char *given =
      MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Request-Id");
  if (given != NULL) {
    size_t n = strlen(given);
    bool plain = n > 0 && n <= WEB_REQUEST_ID_MAX;
    for (size_t i = 0; plain && i < n; i++)
      plain = isalnum((unsigned char)given[i]) || strchr("-_.:", given[i]);
    if (plain) {
      memcpy(req->request_id, given, n + 1);
      return;
    }
  }
  unsigned char raw[12];
  if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
    memset(raw, 0, sizeof raw);
  for (size_t i = 0; i < sizeof raw; i++)
    snprintf(req->request_id + 2 * i, 3, "%02x", raw[i]);
}

static void defer_error(struct request_state *rs, enum core_ec ec,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
defer_error(struct request_state *rs, enum core_ec ec, const char *fmt, ...)
{
  if (rs->pending.ec != CORE_EC_OK)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(rs->pending.message, sizeof rs->pending.message, fmt, ap);
  va_end(ap);
  rs->pending.ec = ec;
}

struct query_check {
  const char *const *allowed;
  const char *bad;
};

static enum MHD_Result
query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
           const char *value)
{
  struct query_check *qc = cls;
  if (qc->allowed != NULL) {
    for (const char *const *a = qc->allowed; *a != NULL; a++) {
      if (strcmp(*a, key) == 0)
        return MHD_YES;
    }
  }
  qc->bad = key;
  return MHD_NO;
}

/* Route lookup and URL checks; refusals are deferred until the body is in. */
static void
route(struct request_state *rs, const char *url)
{
  struct web_request *req = &rs->req;
  if (strlen(url) > MAX_URL) {
    defer_error(rs, CORE_EC_URI_TOO_LONG, "the URL is longer than %d bytes",
                MAX_URL);
    return;
  }
  char *scratch = core_arena_strdup(req->arena, url);
  enum web_route_match m =
      web_routes_match(req->method, url, scratch, &req->route, req->params,
                       &req->nparams, rs->allow, sizeof rs->allow);
  if (m == WEB_ROUTE_NOT_FOUND) {
    defer_error(rs, CORE_EC_ROUTE_NOT_FOUND, "no endpoint %s", req->path);
    return;
  }
  if (m == WEB_ROUTE_BAD_METHOD) {
    defer_error(rs, CORE_EC_METHOD_NOT_ALLOWED, "%s is not allowed on %s",
                req->method, req->path);
    return;
  }
  struct query_check qc = {req->route->query, NULL};
  MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_iter, &qc);
  if (qc.bad != NULL)
    defer_error(rs, CORE_EC_UNKNOWN_QUERY_PARAM,
                "unknown query parameter \"%.60s\"", qc.bad);
}

/* A declared Content-Length over the limit is refused before reading. */
static bool
declared_too_large(const struct web_server *srv, struct web_request *req)
{
  const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (cl == NULL)
    return false;
  char *end;
  unsigned long long n = strtoull(cl, &end, 10);
  return *end == '\0' && n > srv->body_limit;
}

/* The peer's IP address as text, the key of per-address throttling. */
static void
set_client_addr(struct web_request *req)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
  const char *ok = NULL;
  if (sa != NULL && sa->sa_family == AF_INET)
    ok = inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
                   req->client_addr, sizeof req->client_addr);
  else if (sa != NULL && sa->sa_family == AF_INET6)
    ok = inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                   req->client_addr, sizeof req->client_addr);
  if (ok == NULL)
    snprintf(req->client_addr, sizeof req->client_addr, "unknown");
}

static struct request_state *
request_new(struct web_server *srv, struct MHD_Connection *conn,
            const char *url, const char *method)
{
  struct core_arena *arena = core_arena_new();
  struct request_state *rs = core_arena_alloc(arena, sizeof *rs);
  struct web_request *req = &rs->req;
  rs->srv = srv;
  req->arena = arena;
  req->conn = conn;
  req->method = core_arena_strdup(arena, method);
  req->path = core_arena_strndup(arena, url, strnlen(url, MAX_URL + 1));
  req->start_us = now_us();
  req->tls = srv->tls;
  set_client_addr(req);
  set_request_id(req);
  atomic_fetch_add(&srv->inflight, 1);
  return rs;
}

/* Appends upload bytes, or counts them as discarded once over the limit. */
static bool
take_body(struct web_server *srv, struct request_state *rs, const char *data,
          size_t n)
{
  struct web_request *req = &rs->req;
  if (rs->pending.ec != CORE_EC_OK || req->body_too_large ||
      req->body_len + n > srv->body_limit) {
    if (rs->pending.ec == CORE_EC_OK)
      req->body_too_large = true;
    rs->discarded += n;
    return rs->discarded <= srv->body_limit * DISCARD_FACTOR;
  }
  if (req->body_len + n + 1 > req->body_cap) {
    size_t cap = req->body_cap == 0 ? 4096 : req->body_cap;
    while (cap < req->body_len + n + 1)
      cap *= 2;
    char *grown = core_arena_alloc(req->arena, cap);
    if (req->body_len > 0)
      memcpy(grown, req->body, req->body_len);
    req->body = grown;
    req->body_cap = cap;
  }
  memcpy(req->body + req->body_len, data, n);
  req->body_len += n;
  req->body[req->body_len] = '\0';
  return true;
}

static bool
is_json_type(const char *ct)
{
  if (ct == NULL)
    return false;
  size_t n = strlen("application/json");
  return strncasecmp(ct, "application/json", n) == 0 &&
         (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static void
free_json(void *p)
{
  json_decref(p);
}

/* Content type and JSON parsing for routes that take a body. */
static bool
body_or_reply(struct web_request *req, enum MHD_Result *ret)
{
  if (!req->route->json_body)
    return true;
  const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_TYPE);
  if (req->body_len == 0 && req->route->body_optional)
    return true;
  if (req->body_len == 0) {
    *ret = web_reply_error(req, CORE_EC_BODY_REQUIRED, NULL,
                           "%s %s needs a JSON body", req->method, req->path);
    return false;
  }
  if (!is_json_type(ct)) {
    *ret = web_reply_error(req, CORE_EC_UNSUPPORTED_MEDIA_TYPE, NULL,
                           "content type \"%.60s\" is not application/json",
                           ct != NULL ? ct : "(none)");
    return false;
  }
  json_error_t jerr;
  req->json =
      json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
  if (req->json == NULL) {
    bool utf8 = json_error_code(&jerr) == json_error_invalid_utf8;
    *ret = web_reply_error(
        req, utf8 ? CORE_EC_INVALID_UTF8 : CORE_EC_MALFORMED_JSON, NULL,
        "invalid JSON at line %d, column %d (byte %d): %s", jerr.line,
        jerr.column, jerr.position, jerr.text);
    return false;
  }
  core_arena_defer(req->arena, free_json, req->json);
  if (!json_is_object(req->json)) {
    *ret = web_reply_error(req, CORE_EC_NOT_AN_OBJECT, NULL,
                           "the body must be a JSON object");
    return false;
  }
  return true;
}

/*
 * Read replica (docs/scale.md): whether @a req is a replica-safe read on a
 * node that has a replica, by a session or an API key (both record their
 * changes' WAL position for read-your-writes).
 */
static bool
read_route(struct web_request *req)
{
  return req->route->replica && core_db_has_replica() &&
         (req->principal.kind == CORE_PRINCIPAL_USER ||
          req->principal.kind == CORE_PRINCIPAL_KEY);
}

/* Chooses the replica or the primary for @a req and routes its reads. */
static void
read_routed_begin(struct web_request *req)
{
  enum core_replica_route r = core_replica_choose(req->principal.write_lsn);
  core_db_read_from_replica(r == CORE_REPLICA_USE);
  if (r != CORE_REPLICA_USE)
    CORE_DEBUG("%s %s reads the primary: replica %s rid=%s", req->method,
               req->path, core_replica_route_name(r), req->request_id);
}

/*
 * Read-your-writes: a session's or an API key's change that committed
 * records the WAL position after it, before the reply leaves, so that
 * whichever node serves its next read waits for the replica to replay it.
 */
static void
note_write(struct web_request *req)
{
  enum core_principal_kind k = req->principal.kind;
  if (!core_db_has_replica() || !req->audit_landed ||
      (k != CORE_PRINCIPAL_KEY &&
       (k != CORE_PRINCIPAL_USER || req->principal.session_id == 0)))
    return;
  enum core_ec ec = core_auth_note_write(&req->principal);
  if (ec != CORE_EC_OK)
    CORE_WARN("could not record the WAL position of %s %s rid=%s: %s",
              req->method, req->path, req->request_id, core_ec_name(ec));
}

/* Replies to a request whose body is complete. */
static enum MHD_Result
dispatch(struct web_server *srv, struct request_state *rs)
{
  struct web_request *req = &rs->req;
  if (rs->pending.ec == CORE_EC_METHOD_NOT_ALLOWED)
    req->allow = rs->allow;
  if (rs->pending.ec != CORE_EC_OK)
    return web_reply_error(req, rs->pending.ec, NULL, "%s",
                           rs->pending.message);
  if (req->body_too_large)
    return web_reply_error(req, CORE_EC_PAYLOAD_TOO_LARGE, NULL,
                           "the body is larger than %zu bytes",
                           srv->body_limit);
  enum MHD_Result ret;
  if (!web_rate_or_reply(srv->rate, req, &ret) ||
      !web_auth_or_reply(req, &ret) || !body_or_reply(req, &ret))
    return ret;
  /* Scope after the body: its key may be a body field. The record check
   * and the audit row ride with the handler's own transactions. */
  struct core_db_riders riders = {0};
  struct wms_scope_lead lead;
  struct core_owner_lead owner_lead;
  struct core_audit_ride ride;
  if (!web_scope_route_or_reply(req, &lead, &riders, &ret) ||
      !web_owner_route_or_reply(req, &owner_lead, &riders, &ret))
    return ret;
  web_auth_audit_ride(req, &ride, &riders);
  core_db_ride(&riders);
  if (req->route->replica)
    req->read_target = "primary"; /* web_reply says replica if it was */
  bool routed = read_route(req);
  if (routed)
    read_routed_begin(req);
  ret = req->route->handler(req);
  if (routed)
    core_db_read_from_replica(false);
  core_db_ride(NULL);
  req->audit_landed = riders.tail.landed;
  note_write(req);
  return ret;
}

/* The last call for a request: reply, then audit a change request. */
static enum MHD_Result
finish(struct web_server *srv, struct request_state *rs)
{
  enum MHD_Result ret = dispatch(srv, rs);
  /* Before MHD sends the reply: a client that got it finds the row. */
  web_auth_audit(&rs->req);
  return ret;
}

/* On an office thread: the whole request, then MHD's thread replies. */
static void
office_run(void *arg)
{
  struct request_state *rs = arg;
  rs->office_ret = finish(rs->srv, rs);
  rs->office = OFFICE_DONE;
  /* Resuming takes MHD's lock: the state above is seen by its thread. */
  MHD_resume_connection(rs->req.conn);
}

/*
 * Sends an office route's complete request to the office lane: suspends
 * the connection (MHD's thread is free for the floor's connections at
 * once) and queues the work. If the lane refuses (stopping, or its queue
 * is full), resumes at once and the next call answers here.
 */
static enum MHD_Result
to_office(struct web_office *lane, struct request_state *rs)
{
  rs->req.hold_reply = true;
  rs->office = OFFICE_QUEUED;
  MHD_suspend_connection(rs->req.conn);
  if (web_office_submit(lane, office_run, rs))
    return MHD_YES;
  rs->req.hold_reply = false;
  rs->office = OFFICE_REFUSED;
  MHD_resume_connection(rs->req.conn);
  return MHD_YES;
}

/* The lane @a rs's route runs on, or NULL for MHD's own thread. */
static struct web_office *
lane_of(struct web_server *srv, struct request_state *rs)
{
  const struct web_route *r = rs->req.route;
  if (r == NULL || rs->office != OFFICE_NONE || rs->pending.ec != CORE_EC_OK ||
      atomic_load(&srv->stopping))
    return NULL;
  if (r->office)
    return srv->office;
  if (r->read_lane)
    return srv->reads;
  return NULL;
}

/* Queues the reply an office thread held, once MHD calls again. */
static enum MHD_Result
office_reply(struct request_state *rs)
{
  struct web_request *req = &rs->req;
  rs->office = OFFICE_NONE;
  req->hold_reply = false;
  if (req->held == NULL)
    return rs->office_ret;
  enum MHD_Result ret = MHD_queue_response(req->conn, req->status, req->held);
  MHD_destroy_response(req->held);
  req->held = NULL;
  return ret == MHD_YES ? rs->office_ret : MHD_NO;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url,
          const char *method, const char *version, const char *upload_data,
          size_t *upload_data_size, void **con_cls)
{
  struct web_server *srv = cls;
  struct request_state *rs = *con_cls;
  if (rs == NULL) {
    rs = request_new(srv, conn, url, method);
    *con_cls = rs;
    if (atomic_load(&srv->stopping))
      return web_reply_error(&rs->req, CORE_EC_SHUTTING_DOWN, NULL, NULL);
    route(rs, url);
    if (declared_too_large(srv, &rs->req)) {
      enum MHD_Result ret =
          web_reply_error(&rs->req, CORE_EC_PAYLOAD_TOO_LARGE, NULL,
                          "the body is larger than %zu bytes", srv->body_limit);
      web_auth_audit(&rs->req);
      return ret;
    }
    return MHD_YES;
  }
  if (rs->office == OFFICE_DONE)
    return office_reply(rs);
  if (rs->office == OFFICE_QUEUED) /* never called while suspended */
    return MHD_YES;
  if (rs->req.replied) {
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    bool keep = take_body(srv, rs, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return keep ? MHD_YES : MHD_NO;
  }
  struct web_office *lane = lane_of(srv, rs);
  if (lane != NULL)
    return to_office(lane, rs);
  return finish(srv, rs);
}

static void
trim_heap(void *arg)
{
  (void)arg;
  malloc_trim(0);
}

/*
 * When the last request in flight ends, at most every TRIM_EVERY_S: gives
 * the heap's free pages back to the system. glibc keeps what a burst's
 * threads freed in their arenas (after a load the RSS stayed ~30 MiB over
 * the idle figure, make bench's memory phase); malloc_trim(0) releases
 * the free pages of every arena. On an office thread: it walks every
 * arena and must not delay a handheld's reply.
 */
static void
trim_when_idle(struct web_server *srv)
{
  if (srv->office == NULL)
    return;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  long long now = (long long)ts.tv_sec;
  long long last = atomic_load(&srv->last_trim_s);
  if (now - last < TRIM_EVERY_S ||
      !atomic_compare_exchange_strong(&srv->last_trim_s, &last, now))
    return;
  (void)web_office_submit(srv->office, trim_heap, NULL); /* none if busy */
}

static void
completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
  struct web_server *srv = cls;
  struct request_state *rs = *con_cls;
  if (rs == NULL)
    return;
  struct web_request *req = &rs->req;
  if (req->held != NULL) /* the client left before it could be queued */
    MHD_destroy_response(req->held);
  unsigned long long us = (unsigned long long)(now_us() - req->start_us);
  if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
    CORE_INFO("%s %s %u %lluus rid=%s", req->method, req->path, req->status, us,
              req->request_id);
  else
    CORE_INFO("%s %s %u %lluus rid=%s aborted(%d)", req->method, req->path,
              req->status, us, req->request_id, (int)toe);
  core_arena_free(req->arena);
  *con_cls = NULL;
  if (atomic_fetch_sub(&srv->inflight, 1) == 1)
    trim_when_idle(srv);
}

/*
 * MHD's messages, at most LOG_BURST a second: a flood refused by the
 * per-address limit would otherwise write a line per connection.
 */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
  static atomic_long second, in_second, dropped;
  long now = (long)time(NULL);
  long was = atomic_load(&second);
  if (was != now && atomic_compare_exchange_strong(&second, &was, now)) {
    atomic_store(&in_second, 0);
    long n = atomic_exchange(&dropped, 0);
    if (n > 0)
      CORE_WARN("http: %ld more messages like the last ones left out", n);
  }
  if (atomic_fetch_add(&in_second, 1) >= LOG_BURST) {
    atomic_fetch_add(&dropped, 1);
    return;
  }
  char line[512];
  vsnprintf(line, sizeof line, fmt, ap);
  line[strcspn(line, "\n")] = '\0';
  CORE_WARN("http: %s", line);
}

/*
 * Raises the open-file limit to its hard maximum and returns how many
 * connections it leaves room for (FD_RESERVE kept for everything else).
 * Debian's default soft limit of 1024 let about 1,000 idle sockets fill
 * MHD's default limit and lock everyone out.
 */
static unsigned
connection_room(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return 1024 - FD_RESERVE;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
      getrlimit(RLIMIT_NOFILE, &rl);
  }
  rlim_t room =
      rl.rlim_cur > 2 * FD_RESERVE ? rl.rlim_cur - FD_RESERVE : rl.rlim_cur / 2;
  return room > MAX_CONNECTIONS ? MAX_CONNECTIONS : (unsigned)room;
}

/* Parses "host:port" or "[v6]:port" into @a ss; false if malformed. */
static bool
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
  char host[64];
  const char *colon = strrchr(listen, ':');
  if (colon == NULL || colon == listen ||
      (size_t)(colon - listen) >= sizeof host)
    return false;
  memcpy(host, listen, (size_t)(colon - listen));
  host[colon - listen] = '\0';
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end != '\0' || end == colon + 1 || port < 0 || port > 65535)
    return false;
  memset(ss, 0, sizeof *ss);
  size_t hl = strlen(host);
  if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    host[hl - 1] = '\0';
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((uint16_t)port);
    *len = sizeof *a6;
    return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1;
  }
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  a4->sin_family = AF_INET;
  a4->sin_port = htons((uint16_t)port);
  *len = sizeof *a4;
  return inet_pton(AF_INET, host, &a4->sin_addr) == 1;
}

/* Every route must name a permission of the catalogue (core_perm.c). */
static bool
routes_have_known_perms(void)
{
  bool ok = true;
  for (const struct web_route *r = web_routes; r->method != NULL; r++) {
    if (r->perm == NULL || !core_perm_known(r->perm)) {
      CORE_ERROR("bug: route %s %s has unknown permission \"%s\"", r->method,
                 r->pattern, r->perm != NULL ? r->perm : "(none)");
      ok = false;
    }
  }
  return ok;
}

enum core_ec
web_server_start(const struct web_server_opts *opts, struct web_server **out)
{
  struct sockaddr_storage ss;
  if (!routes_have_known_perms())
    return CORE_EC_INTERNAL;
  socklen_t sslen;
  if (!parse_listen(opts->listen, &ss, &sslen)) {
    CORE_ERROR("cannot listen on \"%s\": expected address:port, e.g. "
               "127.0.0.1:8080",
               opts->listen);
    return CORE_EC_INTERNAL;
  }
  struct web_server *srv = core_xcalloc(1, sizeof *srv);
  srv->body_limit = opts->body_limit;
  srv->tls = opts->tls_cert != NULL;
  srv->rate = web_rate_new(&opts->rate);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  if (ss.ss_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  /* TLS options last: without TLS they end the list as MHD_OPTION_END. */
  struct MHD_OptionItem tls[] = {
      {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)opts->tls_cert},
      {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)opts->tls_key},
      {MHD_OPTION_END, 0, NULL},
  };
  if (srv->tls)
    flags |= MHD_USE_TLS;
  /*
   * Limits a floor of handhelds never meets but a flood does: the total
   * from the fd limit; per client address (checked as MHD accepts, so
   * refused sockets close at once instead of waiting in the backlog as
   * CLOSE-WAIT); and a silent connection (slow headers or body, idle
   * keep-alive) closed after timeout_s. Suspended SSE streams
   * (web_push.c) do not time out while suspended.
   */
  unsigned room = connection_room();
  unsigned per_ip = opts->per_ip != 0 ? opts->per_ip : DEFAULT_PER_IP;
  unsigned timeout = opts->timeout_s != 0 ? opts->timeout_s : DEFAULT_TIMEOUT_S;
  struct MHD_OptionItem limits[] = {
      {MHD_OPTION_CONNECTION_LIMIT, room, NULL},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, NULL},
      {MHD_OPTION_CONNECTION_TIMEOUT, timeout, NULL},
      {MHD_OPTION_END, 0, NULL},
  };
  srv->daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, access_cb, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
      NULL, MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)(opts->threads ? opts->threads : 1),
      MHD_OPTION_NOTIFY_COMPLETED, completed_cb, srv, MHD_OPTION_ARRAY, limits,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_POOL, MHD_OPTION_ARRAY,
      srv->tls ? tls : tls + 2, MHD_OPTION_END);
  if (srv->daemon == NULL) {
    CORE_ERROR("could not listen on %s (address in use or not local?)",
               opts->listen);
    web_rate_free(srv->rate);
    free(srv);
    return CORE_EC_INTERNAL;
  }
  /* The read lane: heavy reads (reports, the dashboard) off MHD's
   * threads too, but at the floor's priority — they compete with
   * autovacuum and the like, not only with the floor. */
  if (opts->office_threads > 0 &&
      web_office_start(opts->office_threads, 0, false, &srv->reads) !=
          CORE_EC_OK)
    srv->reads = NULL;
  if (opts->office_threads > 0 &&
      web_office_start(opts->office_threads, opts->office_nice, true,
                       &srv->office) != CORE_EC_OK)
    srv->office = NULL; /* logged; office routes run on MHD's threads */
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
  srv->port = info != NULL ? info->port : 0;
  *out = srv;
  return CORE_EC_OK;
}

unsigned
web_server_port(const struct web_server *s)
{
  return s->port;
}

void
web_server_quiesce(struct web_server *s)
{
  if (atomic_exchange(&s->stopping, true))
    return;
  MHD_socket fd = MHD_quiesce_daemon(s->daemon);
  if (fd != MHD_INVALID_SOCKET)
    close(fd);
}

void
web_server_stop(struct web_server *s, unsigned grace_ms)
{
  web_server_quiesce(s);
  unsigned waited = 0;
  while (atomic_load(&s->inflight) > 0 && waited < grace_ms) {
    usleep(10000);
    waited += 10;
  }
  if (atomic_load(&s->inflight) > 0)
    CORE_WARN("stopping with %d requests still in flight",
              atomic_load(&s->inflight));
  /* Every suspended office request resumes before MHD stops; the lane
   * lives on (refusing) while MHD's threads may still look at it. */
  web_office_stop(s->office);
  web_office_stop(s->reads);
  MHD_stop_daemon(s->daemon);
  web_office_free(s->office);
  web_office_free(s->reads);
  web_rate_free(s->rate);
  free(s);
}
