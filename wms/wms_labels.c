#include "wms_labels.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_log.h"
#include "dev_label.h"
#include "dev_pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct core_db_stmt stmts[] = {
    {"labels_bins",
     "SELECT l.code, w.code || ' ' || coalesce(nullif(z.name, ''), z.code, '')"
     " AS caption"
     " FROM location l JOIN warehouse w ON w.id = l.warehouse_id"
     " LEFT JOIN zone z ON z.id = l.zone_id"
     " WHERE w.code = $1 AND l.kind = 'bin' AND NOT l.implicit"
     " AND ($2::text IS NULL OR z.code = $2)"
     " AND ($4::text IS NULL OR l.code = ANY (string_to_array($4, ',')))"
     " ORDER BY l.pick_sequence, l.code LIMIT $3::int"},
    {NULL, NULL},
};

void
wms_labels_register(void)
{
  core_db_register(stmts);
}

struct list_cls {
  const char *const *p;
  struct core_arena *arena;
  const char **codes, **captions;
  size_t n;
};

static enum core_qs
list_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct list_cls *lc = cls;
  PGresult *r = NULL;
  enum core_qs qs = core_db_query(c, "labels_bins", 4, lc->p, &r);
  for (int i = 0; qs >= 0 && i < PQntuples(r); i++) {
    struct core_db_rspec rs[] = {
        CORE_DB_RS_TEXT("code", &lc->codes[i]),
        CORE_DB_RS_TEXT("caption", &lc->captions[i]),
        CORE_DB_RS_END,
    };
    if (!core_db_result_row(r, i, rs, lc->arena, "labels_bins"))
      qs = CORE_QS_HARD;
  }
  lc->n = qs >= 0 ? (size_t)PQntuples(r) : 0;
  PQclear(r);
  if (qs == CORE_QS_NONE) {
    *ec = CORE_EC_NOT_FOUND;
    return CORE_QS_HARD;
  }
  return qs;
}

/* The ZPL of every label, one format each, in one heap buffer. */
static bool
zpl_of(const struct list_cls *lc, unsigned char **out, size_t *len)
{
  size_t cap = lc->n * 1024 + 1, used = 0;
  char *buf = malloc(cap), err[160];
  for (size_t i = 0; buf != NULL && i < lc->n; i++) {
    struct dev_label l = {DEV_LABEL_BIN, lc->codes[i], lc->captions[i], 1};
    size_t n;
    if (!dev_label_zpl(&l, buf + used, cap - used, &n, err, sizeof err)) {
      CORE_ERROR("bin label %s: %s", lc->codes[i], err);
      free(buf);
      return false;
    }
    used += n;
  }
  *out = (unsigned char *)buf;
  *len = used;
  return buf != NULL;
}

enum core_ec
wms_labels_bins(const char *wh, const char *zone, const char *bins, size_t max,
                bool pdf, struct core_arena *arena, unsigned char **out,
                size_t *len)
{
  char limit[24];
  snprintf(limit, sizeof limit, "%zu", max);
  const char *p[] = {wh, zone, limit, bins};
  struct list_cls lc = {p, arena, core_arena_alloc(arena, max * sizeof(char *)),
                        core_arena_alloc(arena, max * sizeof(char *)), 0};
  enum core_ec ec =
      core_db_run_tx("labels_bins", CORE_DB_READ_COMMITTED, list_tx, &lc);
  if (ec != CORE_EC_OK)
    return ec;
  char err[160];
  bool ok = pdf ? dev_pdf_label_sheet(lc.codes, lc.captions, lc.n, out, len,
                                      err, sizeof err)
                : zpl_of(&lc, out, len);
  if (pdf && !ok)
    CORE_ERROR("bin label sheet: %s", err);
  return ok ? CORE_EC_OK : CORE_EC_INTERNAL;
}
