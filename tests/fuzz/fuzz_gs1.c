/*
 * libFuzzer target for the GS1 parser. Besides "no crash, no sanitizer
 * report" it checks two properties of every accepted input: the JSON
 * rendering succeeds, and the bracketed HRI form of the result parses
 * back to the same AIs and values.
 */
#include "dev_gs1.h"
#include "dev_gs1_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes @a r as "(AI)value…", '(' in values escaped; returns the length. */
static size_t
to_hri(const struct dev_gs1_result *r, char *out, size_t cap)
{
  size_t o = 0;
  for (size_t i = 0; i < r->n; i++) {
    o += (size_t)snprintf(out + o, cap - o, "(%s)", r->el[i].ai);
    for (const char *v = r->el[i].value; *v != '\0' && o + 2 < cap; v++) {
      if (*v == '(')
        out[o++] = '\\';
      out[o++] = *v;
    }
  }
  return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct dev_gs1_result res, again;
  struct dev_gs1_error err;
  struct dev_gs1_options opts = {.ref_year = 2026, .associations = true};
  enum dev_gs1_ec ec =
      dev_gs1_parse((const char *)data, size, &opts, &res, &err);
  json_t *j =
      ec == DEV_GS1_OK ? dev_gs1_json_result(&res) : dev_gs1_json_error(&err);
  char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
  if (text == NULL)
    abort(); /* every result and error must render as JSON */
  free(text);
  json_decref(j);
  if (ec != DEV_GS1_OK || res.n == 0)
    return 0;
  static char hri[DEV_GS1_MAX_ELEMENTS * (DEV_GS1_MAX_VALUE * 2 + 8)];
  size_t n = to_hri(&res, hri, sizeof hri);
  if (n > DEV_GS1_MAX_INPUT)
    return 0;
  if (dev_gs1_parse(hri, n, &opts, &again, &err) != DEV_GS1_OK ||
      again.n != res.n)
    abort();
  for (size_t i = 0; i < res.n; i++) {
    if (strcmp(res.el[i].ai, again.el[i].ai) != 0 ||
        strcmp(res.el[i].value, again.el[i].value) != 0 ||
        strcmp(res.el[i].date, again.el[i].date) != 0)
      abort();
  }
  return 0;
}
