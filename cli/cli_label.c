/*
 * depot label bin|sku|sscc CODE: ZPL II from devices/dev_label.h (or a PDF
 * with --pdf), written to stdout (for a pipe), to --out FILE, or (ZPL) sent
 * to --printer HOST[:PORT].
 * When the label goes to a file or a printer, stdout gets one JSON line.
 */
#include "dev_label.h"
#include "dev_pdf.h"
#include "cli.h"
#include "core_arena.h"
#include "wms_pack.h"

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

/* --pdf or --svg: to stdout or --out FILE; printers take ZPL only. */
static int
run_office(const struct dev_label *l, bool svg, const char *out,
           const char *printer)
{
  if (printer != NULL) {
    fprintf(stderr, "depot label: --pdf and --svg go to stdout or --out "
                    "FILE\n");
    return 2;
  }
  unsigned char *pdf;
  size_t len;
  char err[256];
  if (svg ? !dev_label_svg(l, (char **)&pdf, &len, err, sizeof err)
          : !dev_pdf_label(l, &pdf, &len, err, sizeof err))
    return cli_fail_json("invalid_label", err);
  bool ok = out != NULL
                ? write_file(out, (const char *)pdf, len, err, sizeof err)
                : fwrite(pdf, 1, len, stdout) == len;
  free(pdf);
  if (!ok)
    return cli_fail_json("write_failed", err);
  if (out == NULL)
    return 0;
  return cli_print_json(json_pack("{s:b, s:s, s:s, s:i, s:s}", "ok", 1, "file",
                                  out, "format", svg ? "svg" : "pdf", "bytes",
                                  (int)len, "kind", "label"),
                        0);
}

static int
run(enum dev_label_kind kind, const struct cli_args *args)
{
  const char *copies = cli_arg(args, "--copies");
  const char *out = cli_arg(args, "--out");
  const char *printer = cli_arg(args, "--printer");
  char *end = NULL;
  long n = copies != NULL ? strtol(copies, &end, 10) : 1;
  if (cli_arg(args, "CODE") == NULL || (end != NULL && *end != '\0') ||
      (out != NULL && printer != NULL)) {
    fprintf(stderr, "depot label: needs CODE; optional --caption TEXT, "
                    "--copies N, and one of --out FILE or --printer "
                    "HOST[:PORT]\n");
    return 2;
  }
  struct dev_label l = {kind, cli_arg(args, "CODE"), cli_arg(args, "--caption"),
                        n < 1 || n > 999 ? 0 : (int)n};
  if (cli_arg(args, "--pdf") != NULL || cli_arg(args, "--svg") != NULL)
    return run_office(&l, cli_arg(args, "--svg") != NULL, out, printer);
  char zpl[LABEL_CAP], err[256];
  size_t len;
  if (!dev_label_zpl(&l, zpl, sizeof zpl, &len, err, sizeof err))
    return cli_fail_json("invalid_label", err);
  if (out == NULL && printer == NULL) {
    fwrite(zpl, 1, len, stdout);
    return 0;
  }
  if (out != NULL ? !write_file(out, zpl, len, err, sizeof err)
                  : !dev_label_send(printer, zpl, len, PRINTER_TIMEOUT_MS, err,
                                    sizeof err))
    return cli_fail_json(out != NULL ? "write_failed" : "printer_unreachable",
                         err);
  return cli_print_json(json_pack("{s:b, s:s, s:i, s:s}", "ok", 1,
                                  out != NULL ? "file" : "printer",
                                  out != NULL ? out : printer, "bytes",
                                  (int)len, "format", "zpl"),
                        0);
}

int
cli_label_bin(struct core_config *cfg, const struct cli_args *args)
{
  (void)cfg;
  return run(DEV_LABEL_BIN, args);
}

int
cli_label_sku(struct core_config *cfg, const struct cli_args *args)
{
  (void)cfg;
  return run(DEV_LABEL_SKU, args);
}

int
cli_label_sscc(struct core_config *cfg, const struct cli_args *args)
{
  (void)cfg;
  return run(DEV_LABEL_SSCC, args);
}

/* The stored label of carton @a id: ZPL, or a PDF made now. */
static enum core_ec
carton_label(int64_t id, bool pdf, struct core_arena *arena, char **data,
             size_t *len)
{
  if (pdf)
    return wms_carton_label_pdf(id, arena, (unsigned char **)data, len);
  const char *zpl;
  enum core_ec ec = wms_carton_label(id, arena, &zpl);
  if (ec == CORE_EC_OK) {
    *len = strlen(zpl);
    *data = strdup(zpl);
    ec = *data != NULL ? CORE_EC_OK : CORE_EC_INTERNAL;
  }
  return ec;
}

int
cli_label_shipping(struct core_config *cfg, const struct cli_args *args)
{
  const char *carton = cli_arg(args, "CARTON");
  const char *out = cli_arg(args, "--out");
  const char *printer = cli_arg(args, "--printer");
  bool pdf = cli_arg(args, "--pdf") != NULL;
  char *end = NULL;
  long long id = carton != NULL ? strtoll(carton, &end, 10) : 0;
  if (id <= 0 || *end != '\0' || (out != NULL && printer != NULL) ||
      (pdf && printer != NULL)) {
    fprintf(stderr, "depot label shipping: needs CARTON (its id); --pdf; "
                    "one of --out FILE or --printer HOST[:PORT] (ZPL)\n");
    return 2;
  }
  bool started;
  if (!cli_db_open(cfg, &started))
    return 1;
  struct core_arena *arena = core_arena_new();
  char *data = NULL, err[256] = "";
  size_t len = 0;
  enum core_ec ec = carton_label(id, pdf, arena, &data, &len);
  core_arena_free(arena);
  cli_db_close(cfg, started);
  if (ec != CORE_EC_OK)
    return cli_fail_json(core_ec_name(ec),
                         ec == CORE_EC_NOT_FOUND
                             ? "no such carton, or it is not closed yet"
                             : core_ec_hint(ec));
  bool ok = out != NULL ? write_file(out, data, len, err, sizeof err)
            : printer != NULL
                ? dev_label_send(printer, data, len, PRINTER_TIMEOUT_MS, err,
                                 sizeof err)
                : fwrite(data, 1, len, stdout) == len;
  free(data);
  if (!ok)
    return cli_fail_json(out != NULL ? "write_failed" : "printer_unreachable",
                         err);
  if (out == NULL && printer == NULL)
    return 0;
  return cli_print_json(json_pack("{s:b, s:s, s:s, s:i, s:s}", "ok", 1,
                                  out != NULL ? "file" : "printer",
                                  out != NULL ? out : printer, "format",
                                  pdf ? "pdf" : "zpl", "bytes", (int)len,
                                  "kind", "shipping"),
                        0);
}
