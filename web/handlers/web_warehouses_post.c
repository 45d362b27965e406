#include "web_warehouses_post.h"

#include "core_json.h"
#include "core_warehouse.h"
#include "web_reply.h"
#include "web_render.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* Parses the optional "address" object into @a w. */
static enum core_ec
parse_address(const json_t *addr, struct core_warehouse *w,
              struct core_arena *arena, struct core_json_error *err)
{
  struct core_json_spec spec[] = {
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("line1", &w->address_line1, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("line2", &w->address_line2, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("city", &w->city, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("region", &w->region, 100)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("postcode", &w->postcode, 20)),
      CORE_JSON_OPT(NULL,
                    CORE_JSON_K_CODE("country_code", &w->country_code, 2)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("phone", &w->phone, 40)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(addr, spec, true, "address", arena, err);
  if (ec != CORE_EC_OK)
    return ec;
  const char *cc = w->country_code;
  if (strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) ||
      !isalpha((unsigned char)cc[1])) {
    snprintf(err->field, sizeof err->field, "address.country_code");
    snprintf(err->message, sizeof err->message,
             "\"%s\" is not a two-letter ISO 3166 country code", cc);
    return err->ec = CORE_EC_INVALID_VALUE;
  }
  return CORE_EC_OK;
}

/* Parses the optional "owner" object: {"kind", "name"}. */
static enum core_ec
parse_owner(const json_t *owner, struct core_warehouse *w,
            struct core_arena *arena, struct core_json_error *err)
{
  int kind = CORE_WAREHOUSE_OWN;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(
          CORE_JSON_K_CHOICE("kind", &kind, core_warehouse_owner_names)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("name", &w->owner_name, 200)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(owner, spec, true, "owner", arena, err);
  if (ec != CORE_EC_OK)
    return ec;
  w->owner = (enum core_warehouse_owner)kind;
  if (w->owner == CORE_WAREHOUSE_THIRD_PARTY && w->owner_name[0] == '\0') {
    snprintf(err->field, sizeof err->field, "owner.name");
    snprintf(err->message, sizeof err->message,
             "a third_party warehouse needs the partner's name");
    return err->ec = CORE_EC_MISSING_FIELD;
  }
  return CORE_EC_OK;
}

static enum core_ec
parse_body(const json_t *body, struct core_warehouse *w,
           struct core_arena *arena, struct core_json_error *err)
{
  const json_t *addr = NULL;
  const json_t *owner = NULL;
  struct core_json_spec spec[] = {
      CORE_JSON_REQ(CORE_JSON_K_CODE("code", &w->code, 32)),
      CORE_JSON_REQ(CORE_JSON_K_STRING("name", &w->name, 200)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("address", &addr)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_OBJECT("owner", &owner)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_BOOL("bin_managed", &w->bin_managed)),
      CORE_JSON_OPT(NULL, CORE_JSON_K_STRING("timezone", &w->timezone, 64)),
      CORE_JSON_END,
  };
  enum core_ec ec = core_json_parse(body, spec, true, NULL, arena, err);
  if (ec == CORE_EC_OK && !isalnum((unsigned char)w->code[0])) {
    snprintf(err->field, sizeof err->field, "code");
    snprintf(err->message, sizeof err->message,
             "\"%s\" must start with a letter or digit", w->code);
    ec = err->ec = CORE_EC_INVALID_VALUE;
  }
  if (ec == CORE_EC_OK && addr != NULL)
    ec = parse_address(addr, w, arena, err);
  if (ec == CORE_EC_OK && owner != NULL)
    ec = parse_owner(owner, w, arena, err);
  return ec;
}

enum MHD_Result
web_warehouses_post(struct web_request *req)
{
  struct core_warehouse w;
  struct core_json_error err;
  core_warehouse_init(&w);
  if (parse_body(req->json, &w, req->arena, &err) != CORE_EC_OK)
    return web_reply_json_error(req, &err);
  enum core_ec ec = core_warehouse_create(&w, req->arena);
  switch (ec) {
    case CORE_EC_OK:
      return web_reply_json_steal(req, MHD_HTTP_CREATED,
                                  web_render_warehouse(&w));
    case CORE_EC_ALREADY_EXISTS:
      return web_reply_error(req, ec, "code", "warehouse %s exists already",
                             w.code);
    case CORE_EC_INVALID_VALUE:
      return web_reply_error(req, ec, "timezone",
                             "\"%s\" is not an IANA time zone", w.timezone);
    default:
      return web_reply_error(req, ec, NULL, NULL);
  }
}
