#include "web_owner_statement_csv_get.h"

#include "core_csv.h"
#include "web_billing.h"
#include "web_reply.h"

#include <stdlib.h>
#include <string.h>

enum MHD_Result
web_owner_statement_csv_get(struct web_request *req)
{
  struct web_billing_table t;
  enum MHD_Result ret;
  if (!web_billing_table_or_reply(req, &t, &ret))
    return ret;
  char *out = NULL;
  size_t len = 0, cap = 0;
  core_csv_bom(req->arena, &out, &len, &cap);
  for (int c = 0; c < 6; c++)
    core_csv_put(req->arena, &out, &len, &cap, t.head[c], c == 5);
  for (size_t r = 0; r < t.nrows; r++)
    for (int c = 0; c < 6; c++)
      core_csv_put(req->arena, &out, &len, &cap, t.cells[r * 6 + c], c == 5);
  /* The server frees what it sends: a copy off the arena. */
  char *data = malloc(len > 0 ? len : 1);
  if (data == NULL)
    return web_reply_error(req, CORE_EC_INTERNAL, NULL, NULL);
  memcpy(data, out, len);
  return web_billing_download(req, &t, "csv", "text/csv; charset=utf-8", data,
                              len);
}
