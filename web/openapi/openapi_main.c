/*
 * depot_openapi_gen: writes the OpenAPI 3.1 document of Depot's API at
 * build time, and the C file that embeds it in the server. It reads the
 * sources rather than linking them because the server embeds its output;
 * tests/api/test_api_openapi.c checks the result against the linked route
 * table, so a reading that drifts from the compiler's fails the tests.
 *
 * Usage: depot_openapi_gen SOURCE_DIR OUT_JSON OUT_C VERSION
 */
#include "openapi_doc.h"
#include "openapi_lex.h"
#include "openapi_pack.h"
#include "openapi_limit.h"
#include "openapi_perms.h"
#include "openapi_routes.h"
#include "openapi_specs.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every C file and header read, by path. */
static struct openapi_toks files[2048];
static size_t nfiles;

/* Lexes every .c and .h of @a dir (under @a root) into files[]. */
static int
read_dir(const char *root, const char *dir, struct openapi_lists *lists)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", root, dir);
  DIR *d = opendir(path);
  if (d == NULL)
    return -1;
  for (struct dirent *e = readdir(d); e != NULL && nfiles < 2048;
       e = readdir(d)) {
    size_t len = strlen(e->d_name);
    if (len < 3 || e->d_name[len - 2] != '.' ||
        (e->d_name[len - 1] != 'c' && e->d_name[len - 1] != 'h'))
      continue;
    snprintf(path, sizeof path, "%s/%s/%s", root, dir, e->d_name);
    if (openapi_lex_file(path, &files[nfiles]) != 0)
      continue;
    openapi_lists_scan(&files[nfiles], lists);
    openapi_limit_consts(&files[nfiles]);
    nfiles++;
  }
  closedir(d);
  return 0;
}

static const struct openapi_toks *
find_file(const char *root, const char *rel)
{
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  for (size_t i = 0; i < nfiles; i++) {
    if (strcmp(files[i].path, path) == 0)
      return &files[i];
  }
  return NULL;
}

/* Whether @a name is one of the file types a reply may carry. */
static const char *
file_type(const char *s)
{
  static const char *const types[] = {
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/x-zpl; charset=utf-8",
      "image/png",
      "image/svg+xml",
      "text/csv; charset=utf-8",
      "text/event-stream; charset=utf-8",
      "text/html; charset=utf-8",
      NULL};
  for (size_t i = 0; types[i] != NULL; i++) {
    if (strcmp(types[i], s) == 0)
      return types[i];
  }
  return NULL;
}

/*
 * The facts of handler @a name, defined in file @a h: statuses, file
 * types, exact replies, typed query reads, body schema.
 */
static void
facts_of(const char *root, const struct openapi_toks *h, const char *name,
         const struct openapi_lists *lists, struct openapi_facts *f)
{
  const struct openapi_toks *helpers[32];
  size_t nh = 0;
  char web[1024];
  snprintf(web, sizeof web, "%s/web/", root);
  memset(f, 0, sizeof *f);
  for (size_t i = 0; i < h->n; i++) {
    const struct openapi_tok *x = &h->v[i];
    f->created |= x->kind == OPENAPI_TOK_IDENT &&
                  strcmp(x->text, "MHD_HTTP_CREATED") == 0;
    f->ok |=
        x->kind == OPENAPI_TOK_IDENT && strcmp(x->text, "MHD_HTTP_OK") == 0;
    f->no_content |= x->kind == OPENAPI_TOK_IDENT &&
                     strcmp(x->text, "MHD_HTTP_NO_CONTENT") == 0;
    f->accepted |= x->kind == OPENAPI_TOK_IDENT &&
                   strcmp(x->text, "MHD_HTTP_ACCEPTED") == 0;
    f->json |= x->kind == OPENAPI_TOK_STRING &&
               strncmp(x->text, "application/json", 16) == 0;
    const char *type =
        x->kind == OPENAPI_TOK_STRING ? file_type(x->text) : NULL;
    bool seen = false;
    for (size_t k = 0; k < f->ntypes; k++)
      seen |= f->types[k] == type;
    if (type != NULL && !seen && f->ntypes < 8)
      f->types[f->ntypes++] = type;
  }
  /* Helpers: the web/ modules whose functions the handler calls. */
  for (size_t k = 0; k < nfiles && nh < 32; k++) {
    const char *p = files[k].path;
    size_t len = strlen(p);
    if (strncmp(p, web, strlen(web)) != 0 || strchr(p + strlen(web), '/') ||
        p[len - 1] != 'c')
      continue;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s_", (int)(len - strlen(web) - 2),
             p + strlen(web));
    for (size_t i = 0; i < h->n; i++) {
      if (h->v[i].kind == OPENAPI_TOK_IDENT &&
          strncmp(h->v[i].text, prefix, strlen(prefix)) == 0) {
        helpers[nh++] = &files[k];
        break;
      }
    }
  }
  f->body = openapi_specs_body(h, helpers, nh, lists);
  f->replies = json_object();
  openapi_pack_replies(h, name, f->replies);
  f->query = json_object();
  f->path_ids = json_array();
  openapi_specs_reads(h, helpers, nh, f->query, f->path_ids);
}

/* The error registry: every code but "ok", from core/core_ec.def. */
static json_t *
read_codes(const char *root)
{
  char path[1024];
  struct openapi_toks t;
  snprintf(path, sizeof path, "%s/core/core_ec.def", root);
  if (openapi_lex_file(path, &t) != 0)
    return NULL;
  json_t *a = json_array();
  for (size_t i = 0; i + 11 < t.n; i++) {
    if (!openapi_lex_ident(&t, i, "CORE_EC") ||
        !openapi_lex_punct(&t, i + 1, '('))
      continue;
    const char *name = t.v[i + 4].text;
    if (strcmp(name, "ok") != 0)
      json_array_append_new(
          a, json_pack("{s:s, s:I, s:I, s:s}", "name", name, "number",
                       (json_int_t)strtoll(t.v[i + 6].text, NULL, 10), "status",
                       (json_int_t)strtoll(t.v[i + 8].text, NULL, 10), "hint",
                       t.v[i + 10].text));
  }
  openapi_lex_free(&t);
  return a;
}

/* Writes @a text as the embedded file web_openapi_doc (web_openapi_doc.h). */
static int
write_c(const char *out, const char *text)
{
  FILE *f = fopen(out, "w");
  if (f == NULL)
    return -1;
  /* A strong ETag: two FNV-1a 64-bit hashes of the bytes, differently seeded.
   */
  uint64_t h1 = 14695981039346656037ULL, h2 = 1469598103934665603ULL;
  size_t len = strlen(text);
  for (size_t i = 0; i < len; i++) {
    h1 = (h1 ^ (unsigned char)text[i]) * 1099511628211ULL;
    h2 = (h2 ^ (unsigned char)text[len - 1 - i]) * 1099511628211ULL;
  }
  fprintf(f, "/* Generated by depot_openapi_gen: do not edit. */\n"
             "#include \"web_openapi_doc.h\"\n\n"
             "static const unsigned char data[] = {");
  for (size_t i = 0; i < len; i++)
    fprintf(f, "%s%u,", i % 24 == 0 ? "\n" : "", (unsigned char)text[i]);
  fprintf(f,
          "\n};\n\nconst struct web_ui_bundle_file web_openapi_doc = {\n"
          "    \"/api/v1/openapi.json\", \"application/json; charset=utf-8\",\n"
          "    \"\\\"%016llx%016llx\\\"\", data, sizeof data};\n",
          (unsigned long long)h1, (unsigned long long)h2);
  return fclose(f) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
  if (argc != 5) {
    fprintf(stderr, "usage: %s SOURCE_DIR OUT_JSON OUT_C VERSION\n", argv[0]);
    return 2;
  }
  const char *root = argv[1];
  static struct openapi_lists lists;
  const char *dirs[] = {"core", "wms", "web", "web/handlers"};
  for (size_t i = 0; i < 4; i++) {
    if (read_dir(root, dirs[i], &lists) != 0) {
      fprintf(stderr, "cannot read %s/%s\n", root, dirs[i]);
      return 1;
    }
  }
  const struct openapi_toks *rt = find_file(root, "web/web_routes.c");
  const struct openapi_toks *pt = find_file(root, "core/core_perm.c");
  json_t *perms = pt != NULL ? openapi_perms_read(pt) : NULL;
  struct openapi_route *routes;
  size_t n;
  json_t *codes = read_codes(root);
  if (rt == NULL || codes == NULL || perms == NULL ||
      openapi_routes_read(rt, &lists, &routes, &n) != 0)
    return 1;
  struct openapi_facts *facts = calloc(n, sizeof facts[0]);
  for (size_t i = 0; i < n; i++) {
    char rel[256];
    snprintf(rel, sizeof rel, "web/handlers/%s.c", routes[i].handler);
    const struct openapi_toks *h = find_file(root, rel);
    if (h == NULL) {
      fprintf(stderr, "%s: no handler file %s\n", routes[i].pattern, rel);
      return 1;
    }
    facts_of(root, h, routes[i].handler, &lists, &facts[i]);
  }
  json_t *doc = openapi_doc_build(routes, facts, n, codes, perms, argv[4]);
  char *text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  FILE *f = fopen(argv[2], "w");
  if (text == NULL || f == NULL || fputs(text, f) < 0 || fclose(f) != 0 ||
      write_c(argv[3], text) != 0) {
    fprintf(stderr, "cannot write %s or %s\n", argv[2], argv[3]);
    return 1;
  }
  return 0;
}
