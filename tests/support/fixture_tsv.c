#include "fixture_tsv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
fixture_split(char *line, char **cols, int max)
{
  line[strcspn(line, "\r\n")] = '\0';
  int n = 0;
  char *p = line;
  while (p != NULL && n < max) {
    cols[n++] = p;
    p = strchr(p, '\t');
    if (p != NULL)
      *p++ = '\0';
  }
  return n;
}

size_t
fixture_unescape(const char *in, char *out, size_t cap)
{
  size_t o = 0;
  for (size_t i = 0; in[i] != '\0' && o < cap; i++) {
    if (in[i] == '\\' && in[i + 1] == '\\') {
      out[o++] = '\\';
      i++;
    } else if (in[i] == '\\' && in[i + 1] == 'x' && isxdigit(in[i + 2]) &&
               isxdigit(in[i + 3])) {
      char hex[3] = {in[i + 2], in[i + 3], '\0'};
      out[o++] = (char)strtol(hex, NULL, 16);
      i += 3;
    } else {
      out[o++] = in[i];
    }
  }
  return o;
}

/* Every key of @a want (object) is in @a got with an equal value. */
static bool
subset(json_t *want, json_t *got, const char *what, char *why, size_t cap)
{
  const char *k;
  json_t *v;
  json_object_foreach(want, k, v)
  {
    json_t *g = got != NULL ? json_object_get(got, k) : NULL;
    if (g == NULL || !json_equal(g, v)) {
      snprintf(why, cap, "%s[%s]: want %s, got %s", what, k,
               json_string_value(v),
               g != NULL ? json_string_value(g) : "(none)");
      return false;
    }
  }
  return true;
}

static bool
error_matches(json_t *got, const char *codes, char *why, size_t cap)
{
  if (json_is_true(json_object_get(got, "ok"))) {
    snprintf(why, cap, "want ERR:%s, got success", codes);
    return false;
  }
  const char *code =
      json_string_value(json_object_get(json_object_get(got, "error"), "code"));
  char upper[40];
  snprintf(upper, sizeof upper, "%s", code != NULL ? code : "");
  for (char *p = upper; *p != '\0'; p++)
    *p = (char)toupper((unsigned char)*p);
  size_t n = strlen(upper);
  for (const char *p = codes; *p != '\0';) {
    size_t k = strcspn(p, "|");
    if (k == n && strncmp(p, upper, n) == 0)
      return true;
    p += k + (p[k] == '|');
  }
  snprintf(why, cap, "want ERR:%s, got %s", codes, upper);
  return false;
}

static bool
value_matches(json_t *got, json_t *want, char *why, size_t cap)
{
  if (!json_is_true(json_object_get(got, "ok"))) {
    snprintf(why, cap, "want success, got %s",
             json_string_value(
                 json_object_get(json_object_get(got, "error"), "message")));
    return false;
  }
  if (!json_equal(json_object_get(want, "symbology"),
                  json_object_get(got, "symbology"))) {
    snprintf(why, cap, "symbology differs");
    return false;
  }
  json_t *wa = json_object_get(want, "ais"), *ga = json_object_get(got, "ais");
  if (json_array_size(wa) != json_array_size(ga)) {
    snprintf(why, cap, "want %zu AIs, got %zu", json_array_size(wa),
             json_array_size(ga));
    return false;
  }
  for (size_t i = 0; i < json_array_size(wa); i++) {
    json_t *w = json_array_get(wa, i), *g = json_array_get(ga, i);
    const char *wai = json_string_value(json_array_get(w, 0));
    const char *wv = json_string_value(json_array_get(w, 1));
    const char *gai = json_string_value(json_object_get(g, "ai"));
    const char *gv = json_string_value(json_object_get(g, "value"));
    if (strcmp(wai, gai) != 0 || strcmp(wv, gv) != 0) {
      snprintf(why, cap, "AI %zu: want (%s)%s, got (%s)%s", i, wai, wv, gai,
               gv);
      return false;
    }
  }
  return subset(json_object_get(want, "dates"), json_object_get(got, "dates"),
                "dates", why, cap) &&
         subset(json_object_get(want, "decimals"),
                json_object_get(got, "decimals"), "decimals", why, cap);
}

bool
fixture_gs1_matches(json_t *got, const char *expected, char *why, size_t cap)
{
  const char *p = expected;
  char alt[2048];
  while (*p != '\0') {
    const char *sep = strstr(p, " || ");
    size_t n = sep != NULL ? (size_t)(sep - p) : strlen(p);
    snprintf(alt, sizeof alt, "%.*s", (int)n, p);
    bool ok;
    if (strncmp(alt, "ERR:", 4) == 0) {
      ok = error_matches(got, alt + 4, why, cap);
    } else {
      json_t *want = json_loads(alt, 0, NULL);
      ok = want != NULL && value_matches(got, want, why, cap);
      json_decref(want);
    }
    if (ok)
      return true;
    p += n + (sep != NULL ? 4 : 0);
  }
  return false;
}
