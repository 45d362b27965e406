#include "web_scan.h"

#include "core_arena.h"
#include "core_mem.h"
#include "dev_gs1.h"

#include <stdlib.h>
#include <string.h>

/* Whether @a code has the shape of GS1 data worth parsing. */
static bool
looks_gs1(const char *code)
{
  size_t n = strlen(code);
  return code[0] == ']' || code[0] == '(' || strncmp(code, "http", 4) == 0 ||
         strchr(code, 0x1d) != NULL ||
         (n > 16 && strspn(code, "0123456789") >= 16);
}

struct dev_gs1_result *
web_scan_gs1_new(const char *in, size_t len, struct dev_gs1_error *err)
{
  /* Heap, not the stack or a static: about 9 KiB, on several threads. */
  struct dev_gs1_result *r = core_xcalloc(1, sizeof *r);
  struct dev_gs1_error e;
  if (dev_gs1_parse(in, len, NULL, r, err != NULL ? err : &e) != DEV_GS1_OK) {
    free(r);
    return NULL;
  }
  return r;
}

void
web_scan_gs1_free(struct dev_gs1_result *r)
{
  free(r);
}

/* The value of @a ai in @a g, copied to @a arena, or NULL. */
static const char *
value(const struct dev_gs1_result *g, const char *ai, struct core_arena *arena)
{
  const struct dev_gs1_element *e = dev_gs1_find(g, ai);
  return e != NULL ? core_arena_strdup(arena, e->value) : NULL;
}

void
web_scan_read(const char *code, struct core_arena *arena, struct web_scan *out)
{
  memset(out, 0, sizeof *out);
  out->code = code;
  out->looks_gs1 = looks_gs1(code);
  if (!out->looks_gs1)
    return;
  struct dev_gs1_result *g = web_scan_gs1_new(code, strlen(code), NULL);
  if (g == NULL)
    return;
  out->gs1 = true;
  out->gtin = value(g, "01", arena);
  out->lot = value(g, "10", arena);
  out->serial = value(g, "21", arena);
  out->sscc = value(g, "00", arena);
  out->count = value(g, "37", arena);
  const struct dev_gs1_element *exp = dev_gs1_find(g, "17");
  if (exp != NULL && exp->date[0] != '\0')
    out->expiry = core_arena_strdup(arena, exp->date);
  web_scan_gs1_free(g);
}

enum core_ec
web_scan_parse(const json_t *v, const struct core_json_spec *spec,
               struct core_arena *arena, struct core_json_error *err)
{
  const char *code;
  struct core_json_spec text = *spec;
  text.dest = &code;
  enum core_ec ec = core_json_parse_string(v, &text, arena, err);
  if (ec == CORE_EC_OK)
    web_scan_read(code, arena, spec->dest);
  return ec;
}
