#include "web_rate.h"

#include "core_arena.h"
#include "core_mem.h"
#include "core_rate.h"
#include "web_auth.h"
#include "web_reply.h"
#include "web_routes.h"

#include <stdlib.h>
#include <string.h>

/* About this many keys and addresses are tracked at once (~100 KiB each). */
enum { SLOTS = 4096 };

struct web_rate {
  struct core_rate *key, *addr;
  unsigned key_per_s, addr_per_s;
};

struct web_rate *
web_rate_new(const struct web_rate_opts *opts)
{
  struct web_rate *r = core_xcalloc(1, sizeof *r);
  r->key = core_rate_new(opts->key_per_s, opts->key_burst, SLOTS);
  r->addr = core_rate_new(opts->addr_per_s, opts->addr_burst, SLOTS);
  r->key_per_s = opts->key_per_s;
  r->addr_per_s = opts->addr_per_s;
  return r;
}

void
web_rate_free(struct web_rate *r)
{
  if (r == NULL)
    return;
  core_rate_free(r->key);
  core_rate_free(r->addr);
  free(r);
}

static enum MHD_Result
refuse(struct web_request *req, unsigned retry_after, const char *what,
       unsigned per_s)
{
  req->retry_after = core_arena_printf(req->arena, "%u", retry_after);
  return web_reply_error(req, CORE_EC_RATE_LIMITED, NULL,
                         "%s may make %u requests a second; try again in %u s",
                         what, per_s, retry_after);
}

bool
web_rate_or_reply(struct web_rate *r, struct web_request *req,
                  enum MHD_Result *ret)
{
  if (r == NULL)
    return true;
  unsigned wait = 0;
  const char *key = web_auth_api_key_sent(req);
  if (key != NULL) {
    if (core_rate_take(r->key, key, strlen(key), &wait))
      return true;
    *ret = refuse(req, wait, "an API key", r->key_per_s);
    return false;
  }
  if (strcmp(req->route->perm, CORE_PERM_PUBLIC) != 0 || req->route->rate_free)
    return true;
  if (core_rate_take(r->addr, req->client_addr, strlen(req->client_addr),
                     &wait))
    return true;
  *ret = refuse(req, wait, "a client address", r->addr_per_s);
  return false;
}
