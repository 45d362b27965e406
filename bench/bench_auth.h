#ifndef BENCH_AUTH_H
#define BENCH_AUTH_H

/*
 * The cheapest authenticated read against a bare libmicrohttpd (issue 26
 * item 4): GET /api/v1/auth/me with a bearer token on `depot serve`, and
 * GET / on depot_bench_hello (bench_hello.c: the same thread model and
 * MHD options), at the same client concurrency for the same time.
 */

#include "bench.h"

enum { BENCH_AUTH_CLIENTS = 16 };

/**
 * Runs both, one after the other, each BENCH_AUTH_CLIENTS keep-alive
 * clients for c->plan.http_s seconds after c->plan.scan_warm_s; client i
 * of the auth run presents @a tokens[i] (borrowed, BENCH_AUTH_CLIENTS of
 * them). Writes http_auth_get, http_hello_get and http_auth_get_ratio
 * into c->out.
 * @return false (logged) if a run could not be made or a reply was not 200
 */
bool bench_auth_run(struct bench_ctx *c, char (*tokens)[BENCH_TOKEN_MAX]);

#endif
