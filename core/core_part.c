#include "core_part.h"

#include "core_arena.h"
#include "core_config.h"
#include "core_db.h"
#include "core_mem.h"
#include "core_log.h"
#include "core_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct core_db_stmt stmts[] = {
    {"part_upkeep", "SELECT part_upkeep()::text"},
    {"part_overview", "SELECT part_overview()::text"},
    {"part_archive_replay",
     CORE_PROC_SELECT "part_archive_replay($1, $2::jsonb)"},
    {"part_archive_record",
     CORE_PROC_SELECT "part_archive_record($1, $2::jsonb, $3::jsonb)"},
    {NULL, NULL},
};

/* The server's archive directory and database (core_part_serve): set
 * before the HTTP threads start, read-only while they run. */
static char *serve_dir;
static char *serve_conninfo;

void
core_part_register(void)
{
  core_db_register(stmts);
}

enum core_ec
core_part_upkeep(int64_t *made)
{
  struct core_arena *a = core_arena_new();
  const char *t = NULL;
  enum core_ec ec = core_proc_text("part_upkeep", 0, NULL, a, &t);
  if (ec == CORE_EC_OK)
    *made = strtoll(t, NULL, 10);
  core_arena_free(a);
  return ec;
}

/* Whether @a s is a month YYYY-MM; then @a date (out) is its first day. */
static bool
month_ok(const char *s, char date[11])
{
  if (s == NULL || strlen(s) != 7 || s[4] != '-')
    return false;
  for (int i = 0; i < 7; i++) {
    if (i != 4 && (s[i] < '0' || s[i] > '9'))
      return false;
  }
  int mm = (s[5] - '0') * 10 + (s[6] - '0');
  if (mm < 1 || mm > 12 || s[0] == '0')
    return false;
  snprintf(date, 11, "%s-01", s);
  return true;
}

/* One text cell of @a sql with parameters, heap (caller frees), or NULL. */
static char *
one_text(PGconn *pg, const char *sql, int n, const char *const *params)
{
  PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
  char *out = NULL;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
      !PQgetisnull(r, 0, 0))
    out = strdup(PQgetvalue(r, 0, 0));
  else
    CORE_ERROR("archive: %s", PQresultErrorMessage(r));
  PQclear(r);
  return out;
}

/*
 * Runs @a copy (a COPY … TO STDOUT the database wrote from its catalog)
 * into @a path: written to a temporary name, synced, then renamed, so a
 * file under the final name is always whole.
 */
static bool
dump(PGconn *pg, const char *copy, const char *path)
{
  char tmp[PATH_MAX];
  int len = snprintf(tmp, sizeof tmp, "%s.part", path);
  if (len < 0 || (size_t)len >= sizeof tmp) {
    CORE_ERROR("archive path too long: %s", path);
    return false;
  }
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    CORE_ERROR("could not create %s: %s", tmp, strerror(errno));
    return false;
  }
  bool ok = true;
  PGresult *r = PQexec(pg, copy);
  if (PQresultStatus(r) != PGRES_COPY_OUT) {
    CORE_ERROR("could not read %s: %s", path, PQresultErrorMessage(r));
    ok = false;
  }
  PQclear(r);
  char *buf = NULL;
  int n;
  while (ok && (n = PQgetCopyData(pg, &buf, 0)) > 0) {
    if (write(fd, buf, (size_t)n) != n) {
      CORE_ERROR("could not write %s: %s", tmp, strerror(errno));
      ok = false;
    }
    PQfreemem(buf);
  }
  while ((r = PQgetResult(pg)) != NULL) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      CORE_ERROR("could not read %s: %s", path, PQresultErrorMessage(r));
      ok = false;
    }
    PQclear(r);
  }
  ok = fsync(fd) == 0 && ok;
  ok = close(fd) == 0 && ok;
  if (ok && rename(tmp, path) != 0) {
    CORE_ERROR("could not rename %s: %s", tmp, strerror(errno));
    ok = false;
  }
  if (!ok)
    unlink(tmp);
  return ok;
}

/* Writes and drops each pending month of @a pending (borrowed). */
static enum core_ec
write_months(PGconn *pg, json_t *pending, const char *dir,
             void (*progress)(void *, const struct core_part_month *),
             void *cls, unsigned *months)
{
  size_t i;
  json_t *p;
  json_array_foreach(pending, i, p)
  {
    struct core_part_month m = {
        json_string_value(json_object_get(p, "table")),
        json_string_value(json_object_get(p, "month")), NULL,
        (long long)json_integer_value(json_object_get(p, "rows"))};
    const char *part = json_string_value(json_object_get(p, "partition"));
    const char *copy = json_string_value(json_object_get(p, "copy"));
    char path[PATH_MAX - 8];
    char day[16];
    int len = snprintf(path, sizeof path, "%s/%s.csv", dir, part);
    snprintf(day, sizeof day, "%.7s-01", m.month);
    if (len < 0 || (size_t)len >= sizeof path || !dump(pg, copy, path))
      return CORE_EC_ARCHIVE_WRITE_FAILED;
    const char *params[] = {m.table, day, path};
    char *done = one_text(
        pg, "SELECT part_archive_done($1, $2::date, $3)::text", 3, params);
    if (done == NULL)
      return CORE_EC_DB_ERROR;
    free(done);
    m.file = path;
    (*months)++;
    if (progress != NULL)
      progress(cls, &m);
  }
  return CORE_EC_OK;
}

/* Says which months hold work still to do (@a rows, borrowed: table,
 * month, rows each), and returns the refusal's code. */
static enum core_ec
pending_refused(json_t *rows, const char *before)
{
  size_t i;
  json_t *p;
  json_array_foreach(rows, i, p)
  {
    CORE_ERROR("cannot archive before %s: %s %s has %lld row(s) still "
               "pending",
               before, json_string_value(json_object_get(p, "table")),
               json_string_value(json_object_get(p, "month")),
               (long long)json_integer_value(json_object_get(p, "rows")));
  }
  return CORE_EC_ARCHIVE_PENDING;
}

/* Makes @a dir (0700) when missing; its absolute path in @a abs (out). */
static bool
dir_ready(const char *dir, char abs[PATH_MAX])
{
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
    CORE_ERROR("could not create %s: %s", dir, strerror(errno));
    return false;
  }
  if (realpath(dir, abs) == NULL) {
    CORE_ERROR("could not resolve %s: %s", dir, strerror(errno));
    return false;
  }
  return true;
}

enum core_ec
core_part_archive(const char *conninfo, const char *before, const char *dir,
                  void (*progress)(void *cls, const struct core_part_month *m),
                  void *cls, unsigned *months)
{
  char day[11];
  if (!month_ok(before, day))
    return CORE_EC_ARCHIVE_MONTH_INVALID;
  char abs[PATH_MAX];
  if (!dir_ready(dir, abs))
    return CORE_EC_ARCHIVE_WRITE_FAILED;
  PGconn *pg = PQconnectdb(conninfo);
  if (PQstatus(pg) != CONNECTION_OK) {
    CORE_ERROR("could not connect to the database: %s", PQerrorMessage(pg));
    PQfinish(pg);
    return CORE_EC_DB_UNAVAILABLE;
  }
  *months = 0;
  /* One run at a time: two would dump the same pending month into the
   * same file. Held by this session until PQfinish. */
  char *mine = one_text(
      pg, "SELECT pg_try_advisory_lock(hashtextextended('part_archive', 0))", 0,
      NULL);
  bool answered = mine != NULL;
  bool locked = answered && strcmp(mine, "t") == 0;
  free(mine);
  if (!locked) {
    PQfinish(pg);
    return answered ? CORE_EC_ARCHIVE_IN_PROGRESS : CORE_EC_DB_ERROR;
  }
  const char *params[] = {day};
  /* One transaction: summaries and detaches of every month together. */
  char *text =
      one_text(pg, "SELECT part_archive_detach($1::date)::text", 1, params);
  json_t *doc = text != NULL ? json_loads(text, 0, NULL) : NULL;
  free(text);
  enum core_ec ec = CORE_EC_DB_ERROR;
  const char *refused =
      doc != NULL ? json_string_value(json_object_get(doc, "refused")) : NULL;
  if (refused != NULL && strcmp(refused, "archive_pending") == 0)
    ec = pending_refused(json_object_get(doc, "pending_rows"), before);
  else if (refused != NULL)
    ec = CORE_EC_ARCHIVE_MONTH_OPEN;
  else if (doc != NULL)
    ec = write_months(pg, json_object_get(doc, "pending"), abs, progress, cls,
                      months);
  json_decref(doc);
  PQfinish(pg);
  return ec;
}

enum core_ec
core_part_status(const char *conninfo, char **doc)
{
  PGconn *pg = PQconnectdb(conninfo);
  if (PQstatus(pg) != CONNECTION_OK) {
    CORE_ERROR("could not connect to the database: %s", PQerrorMessage(pg));
    PQfinish(pg);
    return CORE_EC_DB_UNAVAILABLE;
  }
  char *text = one_text(pg, "SELECT part_status()::text", 0, NULL);
  PQfinish(pg);
  if (text == NULL)
    return CORE_EC_DB_ERROR;
  *doc = text;
  return CORE_EC_OK;
}

char *
core_part_dir_for(const struct core_config *cfg)
{
  if (cfg->archive_dir != NULL)
    return core_xstrdup(cfg->archive_dir);
  size_t n = strlen(cfg->data_dir) + sizeof "/archive";
  char *dir = core_xmalloc(n);
  snprintf(dir, n, "%s/archive", cfg->data_dir);
  return dir;
}

void
core_part_serve(const char *dir, const char *conninfo)
{
  free(serve_dir);
  free(serve_conninfo);
  serve_dir = dir != NULL ? core_xstrdup(dir) : NULL;
  serve_conninfo = conninfo != NULL ? core_xstrdup(conninfo) : NULL;
}

const char *
core_part_dir(void)
{
  return serve_dir;
}

enum core_ec
core_part_archive_here(const char *before,
                       void (*progress)(void *cls,
                                        const struct core_part_month *m),
                       void *cls, unsigned *months)
{
  if (serve_dir == NULL || serve_conninfo == NULL)
    return CORE_EC_INTERNAL;
  return core_part_archive(serve_conninfo, before, serve_dir, progress, cls,
                           months);
}

enum core_ec
core_part_overview(struct core_arena *arena, const char **doc)
{
  return core_proc_text("part_overview", 0, NULL, arena, doc);
}

enum core_ec
core_part_archive_replay(const char *key, const char *request,
                         struct core_arena *arena, struct core_outcome *out)
{
  const char *params[] = {key, request};
  return core_proc_run("part_archive_replay", "part_archive_replay", 2, params,
                       arena, out);
}

enum core_ec
core_part_archive_record(const char *key, const char *request,
                         const char *response, struct core_arena *arena,
                         struct core_outcome *out)
{
  const char *params[] = {key, request, response};
  return core_proc_run("part_archive_record", "part_archive_record", 3, params,
                       arena, out);
}
