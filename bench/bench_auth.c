#include "bench_auth.h"

#include "bench_cpu.h"
#include "bench_stats.h"

#include <stdio.h>
#include <stdlib.h>

/* What the clients of one run add up. */
struct gets {
  struct bench_stats lat; /* counted replies, and errors */
  const char *path;
  unsigned answered; /* every 200, warm-up included (the CPU's divisor) */
};

/* One client: its session (NULL for the hello). */
struct getter {
  struct gets *g;
  const char *token;
};

static bool
get_next(void *cls, struct bench_call *call)
{
  struct getter *x = cls;
  call->method = "GET";
  call->token = x->token;
  snprintf(call->path, sizeof call->path, "%s", x->g->path);
  return true;
}

static void
get_done(void *cls, long status, const json_t *json, double ms, bool counted)
{
  (void)json;
  struct getter *x = cls;
  if (status != 200) {
    if (x->g->lat.errors++ < 3)
      bench_note("GET %s: status %ld", x->g->path, status);
    return;
  }
  x->g->answered++;
  if (counted)
    bench_stats_add(&x->g->lat, ms);
}

/* One figure: requests a second and latency, over the window. */
struct get_result {
  double rps, p50_ms, p99_ms;
  unsigned n, answered, errors;
};

static bool
run_gets(struct bench_ctx *c, const struct bench_target *t, const char *path,
         char (*tokens)[BENCH_TOKEN_MAX], struct get_result *r)
{
  struct gets g = {.path = path};
  struct getter xs[BENCH_AUTH_CLIENTS];
  void *cls[BENCH_AUTH_CLIENTS];
  for (unsigned i = 0; i < BENCH_AUTH_CLIENTS; i++) {
    xs[i] = (struct getter){&g, tokens != NULL ? tokens[i] : NULL};
    cls[i] = &xs[i];
  }
  static const struct bench_client_ops ops = {get_next, get_done};
  struct bench_window w = {c->plan.scan_warm_s, c->plan.http_s};
  double elapsed = 0;
  bool ok = bench_http_run(t, BENCH_AUTH_CLIENTS, cls, &ops, &w, &elapsed);
  *r = (struct get_result){
      .rps = (double)g.lat.n / c->plan.http_s,
      .p50_ms = bench_stats_pct(&g.lat, 50),
      .p99_ms = bench_stats_pct(&g.lat, 99),
      .n = (unsigned)g.lat.n,
      .answered = g.answered,
      .errors = g.lat.errors,
  };
  bench_stats_clear(&g.lat);
  bench_note("GET %s on port %u, %u clients: %.0f/s, p50 %.3f ms, p99 %.3f "
             "ms, %u errors",
             path, t->port, BENCH_AUTH_CLIENTS, r->rps, r->p50_ms, r->p99_ms,
             r->errors);
  return ok && r->errors == 0
             ? true
             : bench_fail("GET %s: %u errors", path, r->errors);
}

/* Microseconds of CPU per answered request, or null. */
static json_t *
us_each(double secs, unsigned n)
{
  return secs >= 0 && n > 0 ? json_real(secs * 1e6 / n) : json_null();
}

bool
bench_auth_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX])
{
  struct get_result a, h;
  struct bench_cpu a0, a1;
  pid_t pm = bench_cpu_postmaster(c);
  if (pm < 0 || !bench_cpu_read(c, pm, &a0) ||
      !run_gets(c, &c->target, "/api/v1/auth/me", tokens, &a) ||
      !bench_cpu_read(c, pm, &a1))
    return false;
  double h0 = bench_cpu_proc(c->hello_pid, false);
  if (!run_gets(c, &c->hello, "/", NULL, &h))
    return false;
  double h1 = bench_cpu_proc(c->hello_pid, false);
  double ratio = h.rps > 0 ? a.rps / h.rps : 0;
  json_object_set_new(
      c->out, "http_auth_get",
      json_pack("{s:f, s:f, s:f, s:I, s:o, s:o}", "rps", a.rps, "p50_ms",
                a.p50_ms, "p99_ms", a.p99_ms, "requests", (json_int_t)a.n,
                "cpu_us_per_req_server",
                us_each(a1.server - a0.server, a.answered), "cpu_us_per_req_db",
                us_each(a1.db - a0.db, a.answered)));
  json_object_set_new(
      c->out, "http_hello_get",
      json_pack("{s:f, s:f, s:f, s:I, s:o}", "rps", h.rps, "p50_ms", h.p50_ms,
                "p99_ms", h.p99_ms, "requests", (json_int_t)h.n,
                "cpu_us_per_req",
                us_each(h0 >= 0 && h1 >= 0 ? h1 - h0 : -1, h.answered)));
  json_object_set_new(c->out, "http_auth_get_ratio",
                      h.rps > 0 ? json_real(ratio) : json_null());
  bench_note("auth/me vs hello: %.2f of the bare server's rate; CPU per "
             "auth/me %.0f us server + %.0f us database, per hello %.0f us",
             ratio,
             (a1.server - a0.server) * 1e6 / (a.answered ? a.answered : 1),
             (a1.db - a0.db) * 1e6 / (a.answered ? a.answered : 1),
             (h1 - h0) * 1e6 / (h.answered ? h.answered : 1));
  return true;
}
