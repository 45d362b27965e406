#include "api_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { ALL_CAP = 1 << 20 };

/* Reads one request on @a c, keeps its body, answers, closes. */
static void
serve_one(struct api_sink *s, int c)
{
  char buf[8192];
  size_t used = 0;
  ssize_t n;
  const char *body = NULL;
  while (used < sizeof buf - 1 &&
         (n = read(c, buf + used, sizeof buf - 1 - used)) > 0) {
    used += (size_t)n;
    buf[used] = '\0';
    const char *end = strstr(buf, "\r\n\r\n");
    const char *cl = strstr(buf, "Content-Length: ");
    if (end != NULL && cl != NULL &&
        used >= (size_t)(end + 4 - buf) + (size_t)atoi(cl + 16)) {
      body = end + 4;
      break;
    }
  }
  int seen = atomic_fetch_add(&s->received, 1);
  if (body != NULL) {
    pthread_mutex_lock(&s->mu);
    snprintf(s->last, sizeof s->last, "%s", body);
    size_t blen = strlen(body);
    if (s->all_len + blen + 2 < ALL_CAP) {
      memcpy(s->all + s->all_len, body, blen);
      s->all_len += blen;
      s->all[s->all_len++] = '\n';
      s->all[s->all_len] = '\0';
    }
    pthread_mutex_unlock(&s->mu);
  }
  const char *reply = seen < s->fail_first
                          ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n"
                            "Connection: close\r\n\r\n"
                          : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                            "Connection: close\r\n\r\n";
  ssize_t w = write(c, reply, strlen(reply));
  (void)w;
  close(c);
}

static void *
listen_loop(void *cls)
{
  struct api_sink *s = cls;
  for (;;) {
    int c = accept(s->fd, NULL, NULL);
    if (c >= 0)
      serve_one(s, c);
  }
  return NULL;
}

bool
api_sink_start(struct api_sink *s, int fail_first)
{
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
  s->fail_first = fail_first;
  s->all = calloc(1, ALL_CAP);
  if (s->all == NULL)
    return false;
  s->fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  socklen_t len = sizeof a;
  if (bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
      listen(s->fd, 16) != 0 ||
      getsockname(s->fd, (struct sockaddr *)&a, &len) != 0)
    return false;
  s->port = ntohs(a.sin_port);
  if (pthread_create(&s->thread, NULL, listen_loop, s) != 0)
    return false;
  pthread_detach(s->thread);
  return true;
}

bool
api_sink_saw(struct api_sink *s, const char *want, int min_requests,
             int seconds)
{
  for (int i = 0; i < seconds * 10; i++) {
    pthread_mutex_lock(&s->mu);
    bool hit = strstr(s->all, want) != NULL;
    pthread_mutex_unlock(&s->mu);
    if (hit && atomic_load(&s->received) >= min_requests)
      return true;
    usleep(100000);
  }
  fprintf(stderr, "sink saw %d requests, last %s\n", atomic_load(&s->received),
          s->last);
  return false;
}
