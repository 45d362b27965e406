/*
 * depot checkdigit CODE [--kind K]: GS1 mod-10 check of a GTIN or SSCC.
 * Exit 0 valid, 1 invalid (JSON says why and gives the right digit),
 * 2 for usage errors.
 */
#include "dev_checkdigit.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *name;
  enum dev_checkdigit_kind kind;
} kinds[] = {
    {"gtin8", DEV_CHECKDIGIT_GTIN8},   {"gtin12", DEV_CHECKDIGIT_GTIN12},
    {"gtin13", DEV_CHECKDIGIT_GTIN13}, {"gtin14", DEV_CHECKDIGIT_GTIN14},
    {"sscc18", DEV_CHECKDIGIT_SSCC18},
};

enum { NKINDS = sizeof kinds / sizeof kinds[0] };

/* The kind named @a name, or by the length of @a code; -1 if none. */
static int
kind_index(const char *name, const char *code)
{
  for (int i = 0; i < NKINDS; i++) {
    if (name != NULL ? strcmp(kinds[i].name, name) == 0
                     : dev_checkdigit_length(kinds[i].kind) == strlen(code))
      return i;
  }
  return -1;
}

int
cli_checkdigit(struct core_config *cfg, const struct cli_args *args)
{
  const char *code = cli_arg(args, "CODE");
  const char *kind_name = cli_arg(args, "--kind");
  if (code == NULL) {
    fprintf(stderr, "depot checkdigit: CODE is required\n");
    return 2;
  }
  int k = kind_index(kind_name, code);
  if (k < 0 && kind_name != NULL) {
    fprintf(stderr,
            "depot checkdigit: unknown --kind \"%s\" (gtin8, gtin12, gtin13, "
            "gtin14 or sscc18)\n",
            kind_name);
    return 2;
  }
  char correct = '\0';
  enum dev_checkdigit_result r =
      k < 0 ? DEV_CHECKDIGIT_BAD_FORMAT
            : dev_checkdigit_check(code, kinds[k].kind, &correct);
  json_t *out;
  if (r == DEV_CHECKDIGIT_VALID) {
    out = json_pack("{s:b, s:s}", "ok", 1, "kind", kinds[k].name);
  } else {
    char msg[160], digit[2] = {correct, '\0'};
    if (r == DEV_CHECKDIGIT_BAD_FORMAT && k < 0)
      snprintf(msg, sizeof msg,
               "cannot tell the kind of a code of %zu characters",
               strlen(code));
    else if (r == DEV_CHECKDIGIT_BAD_FORMAT)
      snprintf(msg, sizeof msg, "a %s has %zu digits and nothing else",
               kinds[k].name, dev_checkdigit_length(kinds[k].kind));
    else
      snprintf(msg, sizeof msg, "bad check digit %c: expected %c",
               code[strlen(code) - 1], correct);
    bool bad_digit = r == DEV_CHECKDIGIT_BAD_CHECK_DIGIT;
    out = json_pack("{s:b, s:{s:s, s:s}, s:o}", "ok", 0, "error", "code",
                    bad_digit ? "bad_check_digit" : "bad_format", "message",
                    msg, "correct_check_digit",
                    bad_digit ? json_string(digit) : json_null());
    if (k >= 0)
      json_object_set_new(out, "kind", json_string(kinds[k].name));
  }
  char *text = json_dumps(out, JSON_COMPACT);
  printf("%s\n", text);
  free(text);
  json_decref(out);
  return r == DEV_CHECKDIGIT_VALID ? 0 : 1;
}
