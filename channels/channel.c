#include "channel.h"

#include "channel_jd.h"
#include "channel_taobao.h"
#include "core_arena.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

enum { MAX_BODY = 4 << 20 };

/* Every built adapter; a platform joins by adding its line here. */
static const struct channel_adapter *const adapters[] = {
    &channel_taobao_adapter,
    &channel_jd_adapter,
    NULL,
};

const struct channel_adapter *
channel_find(const char *channel)
{
  for (size_t i = 0; channel != NULL && adapters[i] != NULL; i++)
    if (strcmp(adapters[i]->channel, channel) == 0)
      return adapters[i];
  return NULL;
}

const char *
channel_form_escape(const char *s, struct core_arena *arena)
{
  char *e = curl_easy_escape(NULL, s, 0);
  if (e == NULL)
    return "";
  const char *out = core_arena_strdup(arena, e);
  curl_free(e);
  return out;
}

/* The answer so far: grows in the arena up to MAX_BODY. */
struct sink {
  struct core_arena *arena;
  char *buf;
  size_t len, cap;
  bool too_big;
};

static size_t
keep(char *ptr, size_t size, size_t n, void *cls)
{
  struct sink *s = cls;
  size_t got = size * n;
  if (s->len + got > MAX_BODY) {
    s->too_big = true;
    return 0;
  }
  if (s->len + got + 1 > s->cap) {
    size_t cap = s->cap == 0 ? 16384 : s->cap;
    while (cap < s->len + got + 1)
      cap *= 2;
    char *b = core_arena_alloc(s->arena, cap);
    if (s->len > 0)
      memcpy(b, s->buf, s->len);
    s->buf = b;
    s->cap = cap;
  }
  memcpy(s->buf + s->len, ptr, got);
  s->len += got;
  s->buf[s->len] = '\0';
  return got;
}

/* One request: a form POST of @a form, or a GET when @a form is NULL. */
static bool
transfer(const char *url, const char *form, long timeout_s,
         struct core_arena *arena, long *status, const char **body,
         struct channel_error *err)
{
  struct sink s = {.arena = arena};
  struct curl_slist *h = NULL;
  CURL *c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url);
  if (form != NULL) {
    h = curl_slist_append(
        NULL, "Content-Type: application/x-www-form-urlencoded;charset=utf-8");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
  CURLcode rc = curl_easy_perform(c);
  *status = 0;
  if (rc == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  else
    snprintf(err->msg, sizeof err->msg, "%s",
             s.too_big ? "the answer is over 4 MiB" : curl_easy_strerror(rc));
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  *body = s.buf != NULL ? s.buf : "";
  err->http_status = *status;
  return rc == CURLE_OK;
}

bool
channel_http_post(const char *url, const char *form, long timeout_s,
                  struct core_arena *arena, long *status, const char **body,
                  struct channel_error *err)
{
  return transfer(url, form != NULL ? form : "", timeout_s, arena, status, body,
                  err);
}

bool
channel_http_get(const char *url, long timeout_s, struct core_arena *arena,
                 long *status, const char **body, struct channel_error *err)
{
  return transfer(url, NULL, timeout_s, arena, status, body, err);
}
