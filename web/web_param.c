#include "web_param.h"

#include "web_reply.h"

#include <errno.h>
#include <stdlib.h>

bool
web_param_id_or_reply(struct web_request *req, unsigned i, int64_t *out,
                      enum MHD_Result *ret)
{
  const char *s = req->params[i];
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno != 0 || *end != '\0' || end == s || v <= 0 || s[0] == '+') {
    *ret = web_reply_error(req, CORE_EC_NOT_FOUND, NULL,
                           "\"%.40s\" is not an id", s);
    return false;
  }
  *out = v;
  return true;
}
