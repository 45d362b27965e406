/*
 * depot report NAME [filters] --format csv|xlsx --out FILE [--lang L]: a
 * report (core_report.h) written to a file by the writer the API's exports
 * use (web_report_file.h), row by row in constant memory, with the
 * filters checked as the API checks them and a progress line on stderr.
 * The command line sees every warehouse, as the database's owner does.
 */
#include "core_report.h"
#include "cli.h"
#include "web_report.h"
#include "web_report_file.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Rows between two progress lines. */
#define PROGRESS_EVERY 5000

struct progress {
  struct web_report_file *file;
  const char *name;
  uint64_t rows;
  bool tty_line; /* a progress line is on screen, not yet ended */
};

/* The value of filter @a name: flag --name. */
static const char *
flag_get(void *cls, const char *name)
{
  char flag[40];
  snprintf(flag, sizeof flag, "--%s", name);
  const char *v = cli_arg(cls, flag);
  return v != NULL && *v != '\0' ? v : NULL;
}

static bool
row(void *cls, const PGresult *res)
{
  struct progress *p = cls;
  if (!web_report_file_row(p->file, res))
    return false;
  if (PQntuples(res) > 0 && ++p->rows % PROGRESS_EVERY == 0) {
    fprintf(stderr, "\rreport %s: %llu rows written", p->name,
            (unsigned long long)p->rows);
    p->tty_line = true;
  }
  return true;
}

/* Checks the command's flags into @a filters; 0, or 2 after a message. */
static int
read_flags(const struct cli_args *args, const char *name,
           enum web_report_format *fmt, json_t *filters)
{
  const struct web_report_spec *spec = web_report_spec_find(name);
  if (spec == NULL) {
    fprintf(stderr,
            "depot: no report \"%s\" (stock-movement, inventory, sales, aging, "
            "expiry, purchasing)\n",
            name);
    return 2;
  }
  const char *fs = cli_arg(args, "--format");
  if (fs == NULL || !web_report_format_parse(fs, fmt) ||
      *fmt == WEB_REPORT_JSON || cli_arg(args, "--out") == NULL) {
    fprintf(stderr, "depot: report needs --format csv|xlsx and --out FILE\n");
    return 2;
  }
  const char *field = NULL;
  char msg[200];
  if (!web_report_filters(spec, flag_get, (void *)args, filters, &field, msg,
                          sizeof msg)) {
    fprintf(stderr, "depot: --%s: %s\n", field, msg);
    return 2;
  }
  return 0;
}

/* Writes the report to the file; returns the exit status. */
static int
write_report(const struct core_report *r, const char *filters,
             enum web_report_format fmt, const char *out, bool zh)
{
  struct progress p = {.name = r->name};
  p.file = web_report_file_open(out, fmt, zh ? r->sheet_zh : r->sheet_en);
  if (p.file == NULL)
    return cli_fail_json("write_failed", "cannot create the output file");
  time_t t0 = time(NULL);
  enum core_ec ec = core_report_stream(r, filters, row, &p);
  bool closed = web_report_file_close(p.file);
  if (p.tty_line)
    fprintf(stderr, "\n");
  if (ec != CORE_EC_OK || !closed)
    return cli_fail_json(ec != CORE_EC_OK ? core_ec_name(ec) : "write_failed",
                         "the report was not written completely");
  fprintf(stderr, "report %s: %llu rows written to %s in %lld s\n", r->name,
          (unsigned long long)p.rows, out, (long long)(time(NULL) - t0));
  return cli_print_json(json_pack("{s:b, s:s, s:I, s:s}", "ok", 1, "report",
                                  r->name, "rows", (json_int_t)p.rows, "out",
                                  out),
                        0);
}

int
cli_report(struct core_config *cfg, const struct cli_args *args)
{
  /* As the API's routes: some groupings are reports of their own. */
  const char *name = cli_arg(args, "NAME");
  if (name != NULL)
    name =
        web_report_variant(name, cli_arg(args, "--by"), cli_arg(args, "--at"));
  enum web_report_format fmt;
  json_t *f = json_object();
  int rc = name != NULL ? read_flags(args, name, &fmt, f) : 2;
  if (name == NULL)
    fprintf(stderr, "depot: report needs a NAME (stock-movement, inventory, "
                    "sales, aging, expiry)\n");
  char *filters = rc == 0 ? json_dumps(f, JSON_COMPACT) : NULL;
  json_decref(f);
  bool started;
  if (rc == 0 && !cli_db_open(cfg, &started))
    rc = 1;
  else if (rc == 0) {
    const char *lang = cli_arg(args, "--lang");
    rc = write_report(core_report_find(name), filters, fmt,
                      cli_arg(args, "--out"),
                      lang != NULL && strncmp(lang, "zh", 2) == 0);
    cli_db_close(cfg, started);
  }
  free(filters);
  return rc;
}
