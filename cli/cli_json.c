/* The JSON line every device command prints, success or failure. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

int
cli_print_json(json_t *o, int rc)
{
  char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
  printf("%s\n", text != NULL ? text : "{\"ok\":false}");
  free(text);
  json_decref(o);
  return rc;
}

int
cli_fail_json(const char *code, const char *message)
{
  return cli_print_json(json_pack("{s:b, s:{s:s, s:s}}", "ok", 0, "error",
                                  "code", code, "message", message),
                        1);
}
