#ifndef WEB_REQUEST_H
#define WEB_REQUEST_H
/*
 * One HTTP request in flight: created when its headers arrive, freed (with
 * its arena) when MHD reports the request complete.
 */
#include "core_auth.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_arena;
struct web_route;

enum { WEB_MAX_PARAMS = 4, WEB_REQUEST_ID_MAX = 64 };

struct web_request {
  struct MHD_Connection *conn; /* borrowed from MHD */
  struct core_arena *arena;    /* owns everything below that is heap */
  const struct web_route *route;
  const char *method;
  const char *path;
  const char *params[WEB_MAX_PARAMS]; /* {name} segments, URL-decoded */
  unsigned nparams;
  char request_id[WEB_REQUEST_ID_MAX + 1];
  char *body; /* raw bytes as received, NUL-terminated */
  size_t body_len;
  size_t body_cap;
  bool body_too_large;
  json_t *json; /* parsed body or NULL; released by the arena */
  uint64_t start_us;
  unsigned status; /* of the reply queued, for the access log */
  bool replied;
  const char *allow; /* Allow header for a 405, or NULL */
  /* Security (web_auth.c): who calls, and how. */
  struct core_principal principal; /* kind NONE until authenticated */
  bool cookie_auth;                /* authenticated by the session cookie */
  bool tls;                        /* the connection is HTTPS */
  char client_addr[64];            /* peer IP address, for throttling */
  const char *audit_name;  /* audit principal when none (failed login) */
  bool audit_landed;       /* the audit row committed with the change */
  const char *set_cookie;  /* Set-Cookie of the reply, or NULL */
  const char *retry_after; /* Retry-After of the reply, or NULL */
  const char *read_target; /* Depot-Read-Target of the reply, or NULL */
  /* On an office thread (web_office.h) the reply is held here, not queued:
   * MHD's thread queues it when the connection resumes. */
  bool hold_reply;
  struct MHD_Response *held; /* owned until queued */
};

#endif
