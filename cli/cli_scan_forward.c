#include "cli_scan_forward.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TIMEOUT_S = 5, RETRY_MS = 1000 };

static unsigned long long
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000u +
         (unsigned long long)ts.tv_nsec / 1000000u;
}

bool
cli_forward_init(struct cli_forward *f, const char *server, const char *station,
                 const char *device, const char *key, char *err, size_t errlen)
{
  memset(f, 0, sizeof *f);
  if (strncmp(server, "http://", 7) != 0 &&
      strncmp(server, "https://", 8) != 0) {
    snprintf(err, errlen, "--server must be an http(s):// URL");
    return false;
  }
  CURL *c = curl_easy_init();
  char *esc = c != NULL ? curl_easy_escape(c, station, 0) : NULL;
  if (esc == NULL) {
    snprintf(err, errlen, "out of memory");
    curl_easy_cleanup(c);
    return false;
  }
  size_t n = strlen(server);
  snprintf(f->url, sizeof f->url, "%.*s/api/v1/stations/%s/scans",
           (int)(n > 0 && server[n - 1] == '/' ? n - 1 : n), server, esc);
  curl_free(esc);
  curl_easy_cleanup(c);
  if (key != NULL)
    snprintf(f->auth, sizeof f->auth, "Authorization: Bearer %s", key);
  snprintf(f->device, sizeof f->device, "%s", device != NULL ? device : "");
  return true;
}

static size_t
discard(char *ptr, size_t size, size_t n, void *cls)
{
  (void)ptr;
  (void)cls;
  return size * n;
}

/* POSTs @a body; true when the server took it (2xx). */
static bool
post(const struct cli_forward *f, const char *body)
{
  CURL *c = curl_easy_init();
  if (c == NULL)
    return false;
  struct curl_slist *h =
      curl_slist_append(NULL, "Content-Type: application/json");
  if (f->auth[0] != '\0')
    h = curl_slist_append(h, f->auth);
  curl_easy_setopt(c, CURLOPT_URL, f->url);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  /* 4xx will never succeed (bad station, no right): drop, do not block. */
  if (status >= 400 && status < 500)
    fprintf(stderr, "depot scan listen: the server refused a scan (%ld)\n",
            status);
  return status >= 200 && status < 500;
}

size_t
cli_forward_flush(struct cli_forward *f)
{
  if (f->count == 0 || now_ms() < f->next_try_ms)
    return f->count;
  while (f->count > 0) {
    char *body = f->queue[f->head];
    if (!post(f, body)) {
      f->failed_attempts++;
      f->next_try_ms = now_ms() + RETRY_MS;
      break;
    }
    free(body);
    f->queue[f->head] = NULL;
    f->head = (f->head + 1) % CLI_FORWARD_QUEUE;
    f->count--;
    f->sent++;
  }
  return f->count;
}

void
cli_forward_scan(struct cli_forward *f, const char *data, size_t len)
{
  json_t *o = json_pack("{s:s%}", "code", data, len);
  if (f->device[0] != '\0')
    json_object_set_new(o, "device", json_string(f->device));
  char *body = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  if (body == NULL)
    return;
  if (f->count == CLI_FORWARD_QUEUE) {
    fprintf(stderr,
            "depot scan listen: %d scans waiting; the oldest is "
            "dropped\n",
            CLI_FORWARD_QUEUE);
    free(f->queue[f->head]);
    f->head = (f->head + 1) % CLI_FORWARD_QUEUE;
    f->count--;
  }
  f->queue[(f->head + f->count) % CLI_FORWARD_QUEUE] = body;
  f->count++;
  f->next_try_ms = 0;
  cli_forward_flush(f);
}

void
cli_forward_clear(struct cli_forward *f)
{
  for (size_t i = 0; i < f->count; i++)
    free(f->queue[(f->head + i) % CLI_FORWARD_QUEUE]);
  f->count = 0;
}
