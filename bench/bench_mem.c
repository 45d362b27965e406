#include "bench_mem.h"

#include "bench_http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

double
bench_mem_rss_mib(pid_t pid)
{
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return -1;
  double kib = -1;
  while (fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, "VmRSS:", 6) == 0) {
      kib = strtod(line + 6, NULL);
      break;
    }
  }
  fclose(f);
  return kib < 0 ? -1 : kib / 1024.0;
}

/* A connected socket to the server, or -1. */
static int
dial(unsigned port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/*
 * Sends @a req on @a fd and waits up to 10 s for a 200 reply: the whole
 * reply, or with @a stream only its head (an event stream never ends).
 */
static bool
ask(int fd, const char *req, bool stream)
{
  size_t len = strlen(req);
  if (write(fd, req, len) != (ssize_t)len)
    return false;
  char buf[2048];
  size_t got = 0;
  while (got < sizeof buf - 1) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 10000) <= 0)
      return false;
    ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
    if (n <= 0)
      return false;
    got += (size_t)n;
    buf[got] = '\0';
    const char *end = strstr(buf, "\r\n\r\n");
    if (end != NULL && stream)
      return strncmp(buf, "HTTP/1.1 200", 12) == 0;
    const char *cl = strstr(buf, "Content-Length:");
    if (end != NULL && cl != NULL &&
        got >= (size_t)(end + 4 - buf) + strtoul(cl + 15, NULL, 10))
      return strncmp(buf, "HTTP/1.1 200", 12) == 0;
  }
  return false;
}

/* Opens @a n connections each sending @a req; RSS with all of them open. */
static bool
hold(struct bench_ctx *c, unsigned n, const char *req, bool stream,
     double *rss_mib, unsigned *opened)
{
  int *fds = calloc(n, sizeof *fds);
  if (fds == NULL)
    abort();
  *opened = 0;
  for (unsigned i = 0; i < n; i++) {
    fds[i] = dial(c->target.port);
    if (fds[i] >= 0 && ask(fds[i], req, stream))
      (*opened)++;
  }
  usleep(200 * 1000);
  *rss_mib = bench_mem_rss_mib(c->server_pid);
  for (unsigned i = 0; i < n; i++) {
    if (fds[i] >= 0)
      close(fds[i]);
  }
  free(fds);
  if (*opened < n)
    bench_note("memory: only %u of %u connections were answered", *opened, n);
  return *rss_mib >= 0;
}

bool
bench_mem_conns(struct bench_ctx *c, unsigned n, double *rss_mib,
                unsigned *opened)
{
  static const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Connection: keep-alive\r\n\r\n";
  return hold(c, n, req, false, rss_mib, opened);
}

bool
bench_mem_streams(struct bench_ctx *c, const char *station, unsigned n,
                  double *rss_mib, unsigned *opened)
{
  char req[512];
  snprintf(req, sizeof req,
           "GET /api/v1/stations/%s/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Authorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n",
           station, c->admin_token);
  return hold(c, n, req, true, rss_mib, opened);
}

/* The download's state: lines counted, RSS sampled. */
struct export_state {
  struct bench_ctx *c;
  struct bench_export *x;
  double last_sample;
  unsigned long long bytes;
};

static void
sample(struct export_state *st)
{
  double now = bench_http_now();
  if (now - st->last_sample < 0.05)
    return;
  st->last_sample = now;
  double rss = bench_mem_rss_mib(st->c->server_pid);
  if (rss > st->x->rss_peak_mib)
    st->x->rss_peak_mib = rss;
}

/* Counts the lines of a chunk and drops it. */
static size_t
count_lines(char *ptr, size_t size, size_t nmemb, void *cls)
{
  struct export_state *st = cls;
  size_t n = size * nmemb;
  const char *p = memchr(ptr, '\n', n);
  while (p != NULL) {
    st->x->rows++;
    p++;
    p = memchr(p, '\n', n - (size_t)(p - ptr));
  }
  st->bytes += n;
  sample(st);
  return n;
}

bool
bench_mem_export(struct bench_ctx *c, const char *path, struct bench_export *x)
{
  *x = (struct bench_export){0};
  struct export_state st = {.c = c, .x = x};
  CURL *e = curl_easy_init();
  if (e == NULL)
    return bench_fail("export: no curl handle");
  char url[512], auth[160];
  snprintf(url, sizeof url, "http://127.0.0.1:%u%s", c->target.port, path);
  snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->admin_token);
  struct curl_slist *h = curl_slist_append(NULL, auth);
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, count_lines);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &st);
  /* Small reads: the server sends as fast as the reader takes it. */
  curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 16384L);
  x->rss_idle_mib = bench_mem_rss_mib(c->server_pid);
  x->rss_peak_mib = x->rss_idle_mib;
  double t0 = bench_http_now();
  CURLcode rc = curl_easy_perform(e);
  x->seconds = bench_http_now() - t0;
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  curl_easy_cleanup(e);
  x->mib = (double)st.bytes / (1024.0 * 1024.0);
  if (x->rows > 0)
    x->rows--; /* the header */
  if (rc != CURLE_OK || status != 200)
    return bench_fail("export %s: %s, HTTP %ld", path, curl_easy_strerror(rc),
                      status);
  return true;
}
