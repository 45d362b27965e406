#include "core_pii_doc.h"

#include "core_arena.h"
#include "core_log.h"
#include "core_pii.h"

#include <stdlib.h>
#include <string.h>

/* The members of an address that are sealed; the rest stay plain. */
static const char *const sealed_keys[] = {"line1", "line2", "phone", "email",
                                          NULL};
/* Bookkeeping members, never shown to a client. */
static const char *const meta_keys[] = {"$pii", "_enc", "_addr", "_mac", NULL};

/* json_dumps into the arena (compact, keys in order). */
static const char *
dump(const json_t *j, struct core_arena *arena)
{
  char *s = json_dumps(j, JSON_COMPACT);
  if (s == NULL)
    return NULL;
  const char *out = core_arena_strdup(arena, s);
  free(s);
  return out;
}

static const char *
str(const json_t *o, const char *k)
{
  const char *v = json_string_value(json_object_get(o, k));
  return v != NULL ? v : "";
}

/* Lowercases ASCII of @a s into a new arena string. */
static const char *
lower(const char *s, struct core_arena *arena)
{
  char *d = core_arena_strdup(arena, s);
  for (char *p = d; *p != '\0'; p++) {
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  }
  return d;
}

/* Sets member @a k of @a o to a keyed tag of @a text. */
static void
set_tag(json_t *o, const char *k, const char *text)
{
  char hex[2 * CORE_PII_BIDX_LEN + 1];
  if (core_pii_tag(text, strlen(text), hex))
    json_object_set_new(o, k, json_string(hex));
}

enum core_ec
core_pii_seal_address(json_t *ship_to, const json_t *old,
                      struct core_arena *arena, const char **b64)
{
  *b64 = NULL;
  if (!core_pii_ready())
    return CORE_EC_PII_NO_KEY;
  json_t *plain = old != NULL ? json_deep_copy(old) : json_object();
  json_t *enc = json_array();
  for (const char *const *k = sealed_keys; *k != NULL; k++) {
    json_t *v = json_object_get(ship_to, *k);
    if (v != NULL)
      json_object_set(plain, *k, v);
    json_object_del(ship_to, *k);
    if (str(plain, *k)[0] != '\0')
      json_array_append_new(enc, json_string(*k));
  }
  enum core_ec ec = CORE_EC_OK;
  json_object_set_new(ship_to, "_enc", enc);
  if (json_object_size(plain) > 0) {
    const char *text = dump(plain, arena);
    set_tag(ship_to, "_mac", text);
    set_tag(ship_to, "_addr",
            core_arena_printf(arena, "%s|%s", lower(str(plain, "line1"), arena),
                              lower(str(plain, "line2"), arena)));
    ec = core_pii_seal_b64(text, strlen(text), arena, b64);
  }
  json_decref(plain);
  return ec;
}

enum core_ec
core_pii_seal_customer(const char *email, const char *phone,
                       struct core_arena *arena, const char **b64,
                       const char **email_bidx, const char **phone_bidx)
{
  *b64 = *email_bidx = *phone_bidx = NULL;
  if (!core_pii_ready())
    return CORE_EC_PII_NO_KEY;
  email = email != NULL ? email : "";
  phone = phone != NULL ? phone : "";
  char hex[2 * CORE_PII_BIDX_LEN + 1];
  if (core_pii_bidx_email(email, hex))
    *email_bidx = core_arena_strdup(arena, hex);
  if (core_pii_bidx_phone(phone, hex))
    *phone_bidx = core_arena_strdup(arena, hex);
  if (email[0] == '\0' && phone[0] == '\0')
    return CORE_EC_OK;
  json_t *plain = json_pack("{s:s, s:s}", "email", email, "phone", phone);
  const char *text = plain != NULL ? dump(plain, arena) : NULL;
  json_decref(plain);
  if (text == NULL)
    return CORE_EC_INVALID_VALUE;
  return core_pii_seal_b64(text, strlen(text), arena, b64);
}

/* Replaces the customer object of @a doc by its sealed form. */
static enum core_ec
seal_customer_member(json_t *doc, struct core_arena *arena)
{
  json_t *c = json_object_get(doc, "customer");
  if (!json_is_object(c))
    return CORE_EC_OK;
  const char *b64, *eb, *pb;
  enum core_ec ec = core_pii_seal_customer(str(c, "email"), str(c, "phone"),
                                           arena, &b64, &eb, &pb);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *sealed = json_pack("{s:s}", "name", str(c, "name"));
  if (eb != NULL)
    json_object_set_new(sealed, "email_bidx", json_string(eb));
  if (pb != NULL)
    json_object_set_new(sealed, "phone_bidx", json_string(pb));
  if (b64 != NULL)
    json_object_set_new(sealed, "pii", json_string(b64));
  json_object_set_new(sealed, "kv", json_integer(core_pii_version()));
  json_object_set_new(doc, "customer", sealed);
  return CORE_EC_OK;
}

enum core_ec
core_pii_seal_intake(const char *doc, struct core_arena *arena,
                     const char **out)
{
  json_t *d = json_loads(doc, JSON_DECODE_ANY, NULL);
  if (!json_is_object(d)) {
    json_decref(d);
    *out = doc;
    return CORE_EC_OK;
  }
  enum core_ec ec = seal_customer_member(d, arena);
  /* The key version marks the document sealed (pii_hashable in SQL). */
  json_object_set_new(d, "pii_kv", json_integer(core_pii_version()));
  json_t *to = json_object_get(d, "ship_to");
  if (ec == CORE_EC_OK && json_is_object(to)) {
    const char *b64 = NULL;
    ec = core_pii_seal_address(to, NULL, arena, &b64);
    if (ec == CORE_EC_OK && b64 != NULL)
      json_object_set_new(d, "ship_to_pii", json_string(b64));
  }
  if (ec == CORE_EC_OK) {
    *out = dump(d, arena);
    if (*out == NULL)
      ec = CORE_EC_INVALID_VALUE;
  }
  json_decref(d);
  return ec;
}

/* Masks the personal members of the revealed object @a o. */
static void
mask(json_t *o, struct core_arena *arena)
{
  const char *v = json_string_value(json_object_get(o, "phone"));
  if (v != NULL)
    json_object_set_new(o, "phone", json_string(core_pii_mask_phone(v, arena)));
  v = json_string_value(json_object_get(o, "email"));
  if (v != NULL)
    json_object_set_new(o, "email", json_string(core_pii_mask_email(v, arena)));
  if (json_object_get(o, "line1") != NULL)
    json_object_set_new(o, "line1", json_string(""));
  if (json_object_get(o, "line2") != NULL)
    json_object_set_new(o, "line2", json_string(""));
  json_object_set_new(o, "masked", json_true());
}

/* Reveals one personal object @a o; false when its blob did not open. */
static bool
reveal_one(json_t *o, bool full, struct core_arena *arena)
{
  bool ok = true;
  const char *b64 = json_string_value(json_object_get(o, "$pii"));
  if (b64 != NULL) {
    const char *plain = NULL;
    json_t *p = NULL;
    if (core_pii_open_b64(b64, arena, &plain, NULL) == CORE_EC_OK)
      p = json_loads(plain, 0, NULL);
    if (json_is_object(p))
      json_object_update(o, p);
    else
      ok = false;
    json_decref(p);
  }
  for (const char *const *k = meta_keys; *k != NULL; k++)
    json_object_del(o, *k);
  if (!ok)
    json_object_set_new(o, "pii_error", json_true());
  if (!full)
    mask(o, arena);
  return ok;
}

/* Walks @a j depth first; counts blobs that did not open in @a bad. */
static void
walk(json_t *j, bool full, struct core_arena *arena, int *bad)
{
  if (json_is_array(j)) {
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v) walk(v, full, arena, bad);
    return;
  }
  if (!json_is_object(j))
    return;
  if (json_object_get(j, "$pii") != NULL && !reveal_one(j, full, arena))
    (*bad)++;
  const char *k;
  json_t *v;
  json_object_foreach(j, k, v) walk(v, full, arena, bad);
}

void
core_pii_reveal(json_t *doc, bool full, struct core_arena *arena)
{
  int bad = 0;
  walk(doc, full, arena, &bad);
  if (bad > 0)
    CORE_WARN("%d personal record(s) did not open with the key file", bad);
}

bool
core_pii_doc_marked(const char *text)
{
  return text != NULL && strstr(text, "\"$pii\"") != NULL;
}

bool
core_pii_reveal_text(const char *text, bool full, struct core_arena *arena,
                     const char **out)
{
  *out = text;
  if (!core_pii_doc_marked(text))
    return true;
  json_t *d = json_loads(text, JSON_DECODE_ANY, NULL);
  if (d == NULL)
    return false;
  core_pii_reveal(d, full, arena);
  const char *s = dump(d, arena);
  json_decref(d);
  if (s == NULL)
    return false;
  *out = s;
  return true;
}

enum core_ec
core_pii_seal_text(const char *text, struct core_arena *arena, const char **out)
{
  const char *b64 = NULL;
  enum core_ec ec = core_pii_seal_b64(text, strlen(text), arena, &b64);
  if (ec == CORE_EC_OK)
    *out = core_arena_printf(arena, "pii1:%s", b64);
  return ec;
}

enum core_ec
core_pii_open_text(const char *text, struct core_arena *arena, const char **out)
{
  if (text == NULL || strncmp(text, "pii1:", 5) != 0) {
    *out = text;
    return CORE_EC_OK;
  }
  return core_pii_open_b64(text + 5, arena, out, NULL);
}
