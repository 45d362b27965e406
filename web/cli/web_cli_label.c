/*
 * depot label bin|sku|sscc CODE: ZPL II from devices/dev_label.h, written
 * to stdout (for a pipe), to --out FILE, or sent to --printer HOST[:PORT].
 * When the label goes to a file or a printer, stdout gets one JSON line.
 */
#include "dev_label.h"
#include "web_cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_CAP = 4096, PRINTER_TIMEOUT_MS = 5000 };

static bool
write_file(const char *path, const char *data, size_t len, char *err,
           size_t errlen)
{
  FILE *f = fopen(path, "wb");
  bool ok = f != NULL && fwrite(data, 1, len, f) == len;
  if (f != NULL && fclose(f) != 0)
    ok = false;
  if (!ok)
    snprintf(err, errlen, "cannot write %s", path);
  return ok;
}

static int
run(enum dev_label_kind kind, const struct web_cli_args *args)
{
  const char *copies = web_cli_arg(args, "--copies");
  const char *out = web_cli_arg(args, "--out");
  const char *printer = web_cli_arg(args, "--printer");
  char *end = NULL;
  long n = copies != NULL ? strtol(copies, &end, 10) : 1;
  if (web_cli_arg(args, "CODE") == NULL || (end != NULL && *end != '\0') ||
      (out != NULL && printer != NULL)) {
    fprintf(stderr, "depot label: needs CODE; optional --caption TEXT, "
                    "--copies N, and one of --out FILE or --printer "
                    "HOST[:PORT]\n");
    return 2;
  }
  struct dev_label l = {kind, web_cli_arg(args, "CODE"),
                        web_cli_arg(args, "--caption"),
                        n < 1 || n > 999 ? 0 : (int)n};
  char zpl[LABEL_CAP], err[256];
  size_t len;
  if (!dev_label_zpl(&l, zpl, sizeof zpl, &len, err, sizeof err))
    return web_cli_fail_json("invalid_label", err);
  if (out == NULL && printer == NULL) {
    fwrite(zpl, 1, len, stdout);
    return 0;
  }
  if (out != NULL ? !write_file(out, zpl, len, err, sizeof err)
                  : !dev_label_send(printer, zpl, len, PRINTER_TIMEOUT_MS, err,
                                    sizeof err))
    return web_cli_fail_json(
        out != NULL ? "write_failed" : "printer_unreachable", err);
  return web_cli_print_json(json_pack("{s:b, s:s, s:i, s:s}", "ok", 1,
                                      out != NULL ? "file" : "printer",
                                      out != NULL ? out : printer, "bytes",
                                      (int)len, "format", "zpl"),
                            0);
}

int
web_cli_label_bin(struct core_config *cfg, const struct web_cli_args *args)
{
  (void)cfg;
  return run(DEV_LABEL_BIN, args);
}

int
web_cli_label_sku(struct core_config *cfg, const struct web_cli_args *args)
{
  (void)cfg;
  return run(DEV_LABEL_SKU, args);
}

int
web_cli_label_sscc(struct core_config *cfg, const struct web_cli_args *args)
{
  (void)cfg;
  return run(DEV_LABEL_SSCC, args);
}
