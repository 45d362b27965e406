#include "bench_mem.h"

#include <arpa/inet.h>
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

/* Sends GET /healthz on @a fd and waits up to 10 s for a 200 reply. */
static bool
ping(int fd)
{
  static const char req[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Connection: keep-alive\r\n\r\n";
  if (write(fd, req, sizeof req - 1) != (ssize_t)(sizeof req - 1))
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
    const char *cl = strstr(buf, "Content-Length:");
    if (end != NULL && cl != NULL &&
        got >= (size_t)(end + 4 - buf) + strtoul(cl + 15, NULL, 10))
      return strncmp(buf, "HTTP/1.1 200", 12) == 0;
  }
  return false;
}

bool
bench_mem_conns(struct bench_ctx *c, unsigned n, double *rss_mib,
                unsigned *opened)
{
  int *fds = calloc(n, sizeof *fds);
  if (fds == NULL)
    abort();
  *opened = 0;
  for (unsigned i = 0; i < n; i++) {
    fds[i] = dial(c->target.port);
    if (fds[i] >= 0 && ping(fds[i]))
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
