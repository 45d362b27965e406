/*
 * depot gs1 parse INPUT|- : one GS1 message to JSON on stdout. Exit 0
 * when it parses, 1 when it does not (the JSON says why), 2 for usage.
 */
#include "dev_gs1.h"
#include "dev_gs1_json.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads stdin up to @a cap bytes; *toolong when more was there. */
static size_t
read_stdin(char *buf, size_t cap, bool *toolong)
{
  size_t n = 0;
  while (n < cap) {
    size_t k = fread(buf + n, 1, cap - n, stdin);
    if (k == 0)
      break;
    n += k;
  }
  *toolong = n == cap && fgetc(stdin) != EOF;
  /* A trailing line end comes from the shell or a terminal, not a code. */
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
    n--;
  return n;
}

int
cli_gs1_parse(struct core_config *cfg, const struct cli_args *args)
{
  const char *input = cli_arg(args, "INPUT");
  if (input == NULL) {
    fprintf(stderr, "depot gs1 parse: INPUT is required (- reads stdin)\n");
    return 2;
  }
  static char buf[DEV_GS1_MAX_INPUT + 1];
  size_t len;
  if (strcmp(input, "-") == 0) {
    bool toolong;
    len = read_stdin(buf, sizeof buf - 1, &toolong);
    if (toolong)
      len = sizeof buf; /* the parser refuses it with BAD_LENGTH */
  } else {
    len = strlen(input);
  }
  const char *data = strcmp(input, "-") == 0 ? buf : input;
  static struct dev_gs1_result res;
  struct dev_gs1_error err;
  enum dev_gs1_ec ec = dev_gs1_parse(data, len, NULL, &res, &err);
  json_t *out =
      ec == DEV_GS1_OK ? dev_gs1_json_result(&res) : dev_gs1_json_error(&err);
  char *text = json_dumps(out, JSON_COMPACT);
  printf("%s\n", text != NULL ? text : "{\"ok\":false}");
  free(text);
  json_decref(out);
  return ec == DEV_GS1_OK ? 0 : 1;
}
