#include "web_owner_input.h"

#include "core_json.h"
#include "web_reply.h"

#include <ctype.h>
#include <string.h>

/* A currency is three letters A-Z (ISO 4217), as the schema checks. */
static bool
currency_ok(const char *c)
{
  return strlen(c) == 3 && isupper((unsigned char)c[0]) &&
         isupper((unsigned char)c[1]) && isupper((unsigned char)c[2]);
}

bool
web_owner_input_or_reply(struct web_request *req, bool create,
                         struct core_owner *o, enum MHD_Result *ret)
{
  *o = (struct core_owner){0};
  struct core_json_spec create_spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &o->code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &o->name, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("contact", &o->contact, 300)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_CODE("billing_currency", &o->billing_currency, 3)),
      CORE_JSON_END,
  };
  struct core_json_spec patch_spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &o->name, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("contact", &o->contact, 300)),
      CORE_JSON_OPT(
          NULL, CORE_JSON_K_CODE("billing_currency", &o->billing_currency, 3)),
      CORE_JSON_END,
  };
  struct core_json_error err;
  if (core_json_parse(req->json, create ? create_spec : patch_spec, true, NULL,
                      req->arena, &err) != CORE_EC_OK) {
    *ret = web_reply_json_error(req, &err);
    return false;
  }
  if (o->code != NULL && !isalnum((unsigned char)o->code[0])) {
    *ret = web_reply_error(req, CORE_EC_INVALID_VALUE, "code",
                           "an owner code starts with a letter or digit: %s",
                           o->code);
    return false;
  }
  if (o->billing_currency != NULL && !currency_ok(o->billing_currency)) {
    *ret = web_reply_error(req, CORE_EC_INVALID_VALUE, "billing_currency",
                           "a currency is three letters (ISO 4217): %s",
                           o->billing_currency);
    return false;
  }
  return true;
}
