#ifndef WEB_ROUTES_H
#define WEB_ROUTES_H
/*
 * The route table: every endpoint Depot serves, in one static array in
 * web_routes.c. The router matches method and path pattern, rejects query
 * parameters the route does not list, and parses a JSON body once before
 * any handler runs.
 */
#include "web_owner.h"
#include "web_request.h"
#include "web_scope.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

/* A handler queues exactly one reply (see web_reply.h). */
typedef enum MHD_Result (*web_handler)(struct web_request *req);

struct web_route {
  const char *method;
  const char *pattern; /* "/api/v1/warehouses/{wh}": {x} is one segment;
                          a last "{*}" is the rest of the path (any depth) */
  web_handler handler;
  const char *perm;         /* permission the caller needs; "public" for none */
  bool json_body;           /* the body must be a JSON object */
  const char *const *query; /* allowed query parameters, NULL-terminated;
                               NULL: none allowed */
  bool body_optional;       /* with json_body: an empty body is fine too */
  /* Warehouse scope (web_scope.h): what kind of record names the
   * warehouse, and where its key is: NULL for the first path parameter,
   * "?name" for a query parameter, "name" for a body field. */
  enum web_scope_kind scope;
  const char *scope_from;
  /* A public route whose requests do not count against the client
   * address's rate (web_rate.h): health checks, UI files, webhooks. */
  bool rate_free;
  /* Owner scope (web_owner.h): whether a client bound to a stock owner may
   * use the route, and how its record is found (`owner_from` as
   * `scope_from`). Not declared: refused to clients. */
  enum web_owner_kind owner;
  const char *owner_from;
  /* A read the streaming replica may serve (docs/scale.md): a GET that
   * writes nothing, not even an audit row (test_web_routes checks the
   * method). Reports, lists, stock lookups, exports. */
  bool replica;
  /* Heavy back-office work (intake, waves, reports): runs on the office
   * lane (web_office.h), so it never holds a thread the floor's
   * connections share. */
  bool office;
  /* A heavy read (reports, the dashboard): runs on the read lane, off
   * MHD's threads like the office's work but at normal priority. */
  bool read_lane;
};

enum web_route_match {
  WEB_ROUTE_FOUND,
  WEB_ROUTE_NOT_FOUND,
  WEB_ROUTE_BAD_METHOD,
};

/*
 * Finds the route for @a method and @a path (in). On WEB_ROUTE_FOUND sets
 * @a out and fills @a params (out, pointers into @a scratch, which must be
 * a writable copy of @a path) and @a nparams. On WEB_ROUTE_BAD_METHOD
 * writes the methods the path does take, comma-separated, into @a allow.
 */
enum web_route_match web_routes_match(const char *method, const char *path,
                                      char *scratch,
                                      const struct web_route **out,
                                      const char *params[], unsigned *nparams,
                                      char *allow, size_t allow_len);

/* The table itself, ended by an entry with a NULL method (for tests). */
extern const struct web_route web_routes[];

#endif
