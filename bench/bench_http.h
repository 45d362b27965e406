#ifndef BENCH_HTTP_H
#define BENCH_HTTP_H

/*
 * The load engine: N simulated clients on one libcurl multi handle, each
 * with its own keep-alive connection and its own session token. A client
 * is a pair of callbacks: `next` fills in its next request, `done` reads
 * the reply. One thread drives them all, so the callbacks need no locks.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum { BENCH_PATH_MAX = 256, BENCH_BODY_MAX = 2048, BENCH_TOKEN_MAX = 80 };

/* One request a client wants sent. */
struct bench_call {
  const char *method;        /* "GET" or "POST" */
  char path[BENCH_PATH_MAX]; /* "/api/v1/…" */
  char body[BENCH_BODY_MAX]; /* JSON body; "" for none */
  const char *token;         /* bearer token, borrowed; NULL for none */
  /* Open loop: the monotonic time (bench_http_now) the request is due,
   * 0 for at once. It is not sent before, and its latency counts from
   * then, so a send made late by a slow server is measured, not hidden. */
  double not_before;
};

/* What a client does: both callbacks get the client's own cls. */
struct bench_client_ops {
  /* Fills @a call (out). Returns false when the client has nothing more. */
  bool (*next)(void *cls, struct bench_call *call);
  /*
   * The reply to the last call: HTTP @a status (0: transport failure),
   * parsed @a json (borrowed, NULL if the body was not JSON), the latency
   * @a ms, and @a counted: sent after the warm-up and answered before the
   * end of the measured window.
   */
  void (*done)(void *cls, long status, const json_t *json, double ms,
               bool counted);
};

/* The window: warm_s seconds unmeasured, then measure_s seconds. */
struct bench_window {
  double warm_s;
  double measure_s; /* <= 0: until every client's next() says false */
};

/* The server under test. */
struct bench_target {
  unsigned port; /* on 127.0.0.1 */
};

/**
 * Runs @a n clients (@a cls[i], borrowed) against @a t until the window
 * ends or every client stops; requests in flight at the end are answered
 * (their done() gets counted = false) before it returns.
 *
 * @param[out] elapsed_s wall time from the first request to the last reply
 * @return false if libcurl could not be set up
 */
bool bench_http_run(const struct bench_target *t, unsigned n, void **cls,
                    const struct bench_client_ops *ops,
                    const struct bench_window *w, double *elapsed_s);

/**
 * One synchronous request on a connection kept between calls (setup and
 * single-client measurements).
 *
 * @param t server; @param token bearer token or NULL (borrowed)
 * @param method, path, body request (body NULL for none)
 * @param[out] json the parsed reply, owned by the caller (may be NULL)
 * @param[out] ms latency in milliseconds, or NULL
 * @return the HTTP status, 0 on a transport failure
 */
long bench_http_call(const struct bench_target *t, const char *token,
                     const char *method, const char *path, const char *body,
                     json_t **json, double *ms);

/** Frees the connection bench_http_call keeps. */
void bench_http_close(void);

/** Monotonic seconds. */
double bench_http_now(void);

#endif
