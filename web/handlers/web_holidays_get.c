#include "web_holidays_get.h"

#include "web_query.h"
#include "web_reply.h"
#include "wms_shipping.h"

enum MHD_Result
web_holidays_get(struct web_request *req)
{
  int64_t year = 0;
  enum MHD_Result ret;
  if (!web_query_int_or_reply(req, "year", 2000, 2199, &year, &ret))
    return ret;
  const char *items;
  enum core_ec ec = wms_holiday_list(year, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_reply_page(req, items, NULL);
}
