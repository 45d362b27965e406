#include "core_crm.h"

#include "core_arena.h"
#include "core_db.h"

#include <stdlib.h>

#define CONVENTION CORE_PROC_SELECT

static const struct core_db_stmt stmts[] = {
    {"crm_customer_patch",
     CONVENTION "crm_customer_patch($1, $2::jsonb, $3, $4)"},
    {"crm_customer_merge", CONVENTION "crm_customer_merge($1, $2, $3, $4)"},
    {"crm_customer_export", CONVENTION "crm_customer_export($1)"},
    {"crm_customer_erase", CONVENTION "crm_customer_erase($1, $2)"},
    {"crm_segments", "SELECT crm_segments($1, $2)::text"},
    {"crm_rfm_refresh", "SELECT crm_rfm_refresh()::text"},
    {"crm_rfm_nightly", "SELECT crm_rfm_nightly()::text"},
    {"crm_feedback_create",
     CONVENTION "crm_feedback_create($1::jsonb, $2, $3)"},
    {"crm_feedback_list",
     "SELECT crm_feedback_list($1::jsonb, $2, $3, $4::int)::text"},
    {"crm_feedback_get", CONVENTION "crm_feedback_get($1)"},
    {"crm_feedback_reply",
     CONVENTION "crm_feedback_reply($1, $2::jsonb, $3, $4)"},
    {"crm_feedback_update",
     CONVENTION "crm_feedback_update($1, $2::jsonb, $3)"},
    {"crm_feedback_sla", CONVENTION "crm_feedback_sla_put($1, $2, $3::int)"},
    {"crm_feedback_overdue", "SELECT crm_feedback_overdue($1)::text"},
    {"crm_feedback_return",
     CONVENTION "crm_feedback_return($1, $2::jsonb, $3, $4, $5)"},
    {NULL, NULL},
};

void
core_crm_register(void)
{
  core_db_register(stmts);
}

/* @a v as a parameter: decimal text, NULL for 0 (no user, no id). */
static const char *
opt(struct core_arena *arena, int64_t v)
{
  return core_proc_num(arena, v, true);
}

enum core_ec
core_crm_customer_patch(int64_t id, const char *doc, int64_t user,
                        const char *warehouses, struct core_arena *arena,
                        struct core_outcome *out)
{
  const char *p[] = {opt(arena, id), doc, opt(arena, user), warehouses};
  return core_proc_run("crm_customer_patch", "crm_customer_patch", 4, p, arena,
                       out);
}

enum core_ec
core_crm_customer_merge(int64_t id, int64_t into, int64_t user,
                        const char *warehouses, struct core_arena *arena,
                        struct core_outcome *out)
{
  const char *p[] = {opt(arena, id), opt(arena, into), opt(arena, user),
                     warehouses};
  /* SERIALIZABLE is not needed: both customers' rows are locked first. */
  return core_proc_run("crm_customer_merge", "crm_customer_merge", 4, p, arena,
                       out);
}

enum core_ec
core_crm_customer_export(int64_t id, struct core_arena *arena,
                         struct core_outcome *out)
{
  const char *p[] = {opt(arena, id)};
  return core_proc_run("crm_customer_export", "crm_customer_export", 1, p,
                       arena, out);
}

enum core_ec
core_crm_customer_erase(int64_t id, int64_t user, struct core_arena *arena,
                        struct core_outcome *out)
{
  const char *p[] = {opt(arena, id), opt(arena, user)};
  return core_proc_run("crm_customer_erase", "crm_customer_erase", 2, p, arena,
                       out);
}

enum core_ec
core_crm_segments(const char *warehouses, const char *store,
                  struct core_arena *arena, const char **doc)
{
  const char *p[] = {warehouses, store};
  return core_proc_text("crm_segments", 2, p, arena, doc);
}

enum core_ec
core_crm_rfm_refresh(struct core_arena *arena, const char **doc)
{
  return core_proc_text("crm_rfm_refresh", 0, NULL, arena, doc);
}

enum core_ec
core_crm_rfm_nightly(bool *ran)
{
  struct core_arena *a = core_arena_new();
  const char *t = NULL;
  enum core_ec ec = core_proc_text("crm_rfm_nightly", 0, NULL, a, &t);
  if (ec == CORE_EC_OK)
    *ran = t != NULL && t[0] == 't';
  core_arena_free(a);
  return ec;
}

enum core_ec
core_crm_feedback_create(const char *doc, const char *key, int64_t user,
                         struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {doc, key, opt(arena, user)};
  return core_proc_run("crm_feedback_create", "crm_feedback_create", 3, p,
                       arena, out);
}

enum core_ec
core_crm_feedback_list(const char *filter, const char *warehouses,
                       int64_t before, int64_t limit, struct core_arena *arena,
                       const char **items)
{
  const char *p[] = {filter, warehouses, opt(arena, before),
                     core_proc_num(arena, limit, false)};
  return core_proc_text("crm_feedback_list", 4, p, arena, items);
}

enum core_ec
core_crm_feedback_get(int64_t id, struct core_arena *arena,
                      struct core_outcome *out)
{
  const char *p[] = {opt(arena, id)};
  return core_proc_run("crm_feedback_get", "crm_feedback_get", 1, p, arena,
                       out);
}

enum core_ec
core_crm_feedback_reply(int64_t id, const char *doc, const char *key,
                        int64_t user, struct core_arena *arena,
                        struct core_outcome *out)
{
  const char *p[] = {opt(arena, id), doc, key, opt(arena, user)};
  return core_proc_run("crm_feedback_reply", "crm_feedback_reply", 4, p, arena,
                       out);
}

enum core_ec
core_crm_feedback_update(int64_t id, const char *doc, int64_t user,
                         struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {opt(arena, id), doc, opt(arena, user)};
  return core_proc_run("crm_feedback_update", "crm_feedback_update", 3, p,
                       arena, out);
}

enum core_ec
core_crm_feedback_sla(const char *store, const char *severity, int64_t hours,
                      struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {store, severity, core_proc_num(arena, hours, false)};
  return core_proc_run("crm_feedback_sla", "crm_feedback_sla", 3, p, arena,
                       out);
}

enum core_ec
core_crm_feedback_overdue(const char *warehouses, struct core_arena *arena,
                          int64_t *n)
{
  const char *p[] = {warehouses};
  const char *t = NULL;
  enum core_ec ec = core_proc_text("crm_feedback_overdue", 1, p, arena, &t);
  if (ec == CORE_EC_OK)
    *n = t != NULL ? strtoll(t, NULL, 10) : 0;
  return ec;
}

enum core_ec
core_crm_feedback_return(int64_t id, const char *req, const char *key,
                         int64_t user, const char *request,
                         struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {opt(arena, id), req, key, opt(arena, user), request};
  return core_proc_run("crm_feedback_return", "crm_feedback_return", 5, p,
                       arena, out);
}
