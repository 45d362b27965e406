#include "web_supplier_bills_get.h"

#include "core_finance.h"
#include "web_floor.h"
#include "web_query.h"
#include "web_reply.h"
#include "web_report.h"

#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = {"on_hold", "matched", "approved", "paid",
                                       NULL};

/* Checks ?status= and ?due_before= into @a f; false after a reply. */
static bool
filter_or_reply(struct web_request *req, struct core_finance_bill_filter *f,
                enum MHD_Result *ret)
{
  f->status = web_query_text(req, "status");
  f->supplier = web_query_text(req, "supplier");
  f->due_before = web_query_text(req, "due_before");
  bool known = f->status == NULL;
  for (const char *const *s = statuses; !known && *s != NULL; s++)
    known = strcmp(*s, f->status) == 0;
  if (!known) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "status",
                           "status is on_hold, matched, approved or paid, "
                           "not \"%s\"",
                           f->status);
    return false;
  }
  if (f->due_before != NULL && !web_report_date_ok(f->due_before)) {
    *ret = web_reply_error(req, CORE_EC_BAD_QUERY_PARAM, "due_before",
                           "due_before is a date written YYYY-MM-DD, not "
                           "\"%s\"",
                           f->due_before);
    return false;
  }
  return true;
}

enum MHD_Result
web_supplier_bills_get(struct web_request *req)
{
  struct web_cursor cur;
  struct core_finance_bill_filter f;
  enum MHD_Result ret;
  if (!web_query_cursor_or_reply(req, &cur, &ret) ||
      !filter_or_reply(req, &f, &ret))
    return ret;
  int64_t before = cur.after != NULL ? strtoll(cur.after, NULL, 10) : 0;
  const char *items;
  enum core_ec ec =
      core_finance_bills(&f, before, cur.limit + 1, req->arena, &items);
  if (ec != CORE_EC_OK)
    return web_reply_error(req, ec, NULL, NULL);
  return web_floor_reply_page(req, items, cur.limit);
}
