#include "core_ec.h"

#include <stddef.h>
#include <string.h>

struct ec_entry {
  enum core_ec ec;
  const char *name;
  unsigned status;
  const char *hint;
};

static const struct ec_entry entries[] = {
#define CORE_EC(NAME, wire, num, status, hint)                                 \
  {CORE_EC_##NAME, #wire, status, hint},
#include "core_ec.def"
#undef CORE_EC
};

/* Linear scan: the table is small and only consulted on replies. */
static const struct ec_entry *
find(enum core_ec ec)
{
  for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
    if (entries[i].ec == ec)
      return &entries[i];
  }
  return NULL;
}

const char *
core_ec_name(enum core_ec ec)
{
  const struct ec_entry *e = find(ec);
  return e != NULL ? e->name : "internal_error";
}

unsigned
core_ec_status(enum core_ec ec)
{
  const struct ec_entry *e = find(ec);
  return e != NULL ? e->status : 500;
}

const char *
core_ec_hint(enum core_ec ec)
{
  const struct ec_entry *e = find(ec);
  return e != NULL ? e->hint : "unknown error";
}

bool
core_ec_parse(const char *name, enum core_ec *out)
{
  for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
    if (strcmp(entries[i].name, name) == 0) {
      *out = entries[i].ec;
      return true;
    }
  }
  return false;
}
