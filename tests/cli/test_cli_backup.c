/*
 * depot backup then depot restore: the same rows come back in a fresh
 * database and on a "new machine" (a fresh data directory, where restore
 * creates the embedded cluster first); a database holding data is only
 * replaced with --force; --keep prunes old files. Backups are encrypted
 * with the key file (issue 20): the file holds no plain dump, and a
 * restore without the key file, or with another one, refuses and says so.
 */
#include "api_harness.h"

#include <dirent.h>
#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* Every row of the tables the backup must carry, as one text. */
static const char rows_sql[] =
    "SELECT (SELECT string_agg(w::text, '|' ORDER BY id) FROM warehouse w)"
    " || '#' || (SELECT string_agg(u::text, '|' ORDER BY id) FROM app_user u)"
    " || '#' || (SELECT count(*) FROM app_user_warehouse)"
    " || '#' || (SELECT string_agg(c::text, '|' ORDER BY id) FROM customer c)"
    " || '#' || (SELECT string_agg(o.ship_to::text || o.ship_to_pii::text,"
    "   '|' ORDER BY id) FROM sales_order o)";

/* The key file every depot call of this test uses. */
static char key_env[700];

static const char *
key_file(void)
{
  return key_env + strlen("DEPOT_KEY_FILE=");
}

/* Whether @a file (in) holds the bytes @a needle (in). */
static bool
file_holds(const char *file, const char *needle)
{
  FILE *f = fopen(file, "rb");
  static char buf[1 << 22];
  size_t n = f != NULL ? fread(buf, 1, sizeof buf - 1, f) : 0;
  if (f != NULL)
    fclose(f);
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++) {
    if (memcmp(buf + i, needle, k) == 0)
      return true;
  }
  return false;
}

static char *
rows(const char *url)
{
  PGconn *pg = PQconnectdb(url);
  PGresult *r = PQexec(pg, rows_sql);
  char *v = PQresultStatus(r) == PGRES_TUPLES_OK
                ? strdup(PQgetvalue(r, 0, 0))
                : strdup(PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(pg);
  return v;
}

static int
depot(const char *env1, const char *const *args, const char *input, char *out,
      size_t len)
{
  const char *env[] = {env1, "DEPOT_LOG_LEVEL=warn", key_env, NULL};
  int rc = api_run_depot_input(args, env, input, out, len);
  if (rc != 0)
    fprintf(stderr, "depot %s %s: rc %d: %s\n", args[0],
            args[1] != NULL ? args[1] : "", rc, out);
  return rc;
}

/* The one depot-*.dump in @a dir, into @a file; false if not exactly one. */
static bool
only_dump(const char *dir, char *file, size_t len)
{
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d != NULL && (e = readdir(d)) != NULL) {
    if (strncmp(e->d_name, "depot-", 6) == 0 && strstr(e->d_name, ".dump")) {
      snprintf(file, len, "%s/%s", dir, e->d_name);
      n++;
    }
  }
  if (d != NULL)
    closedir(d);
  return n == 1;
}

static void
backup_then_restore_gives_the_same_rows(void **state)
{
  const char *tmp = getenv("DEPOT_TEST_TMP");
  char src[512], dst[512], env_src[600], env_dst[600], dir[600], cmd[700];
  static char out[1 << 16];
  assert_true(api_fresh_database("backup_src", src, sizeof src));
  assert_true(api_fresh_database("backup_dst", dst, sizeof dst));
  snprintf(env_src, sizeof env_src, "DEPOT_DATABASE_URL=%s", src);
  snprintf(env_dst, sizeof env_dst, "DEPOT_DATABASE_URL=%s", dst);
  snprintf(key_env, sizeof key_env, "DEPOT_KEY_FILE=%s/backup-test.key", tmp);
  unlink(key_file());
  snprintf(dir, sizeof dir, "%s/backups", tmp);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  /* An existing, readable directory: the dump is private all the same. */
  umask(022);
  assert_int_equal(mkdir(dir, 0755), 0);
  const char *seed[] = {"demo", "seed", NULL};
  assert_int_equal(depot(env_src, seed, NULL, out, sizeof out), 0);
  const char *add[] = {
      "user",   "add",         "--username", "limited",          "--role",
      "picker", "--warehouse", "ZZ1",        "--password-stdin", NULL};
  assert_int_equal(depot(env_src, add, "limited password\n", out, sizeof out),
                   0);
  const char *backup[] = {"backup", "--dir", dir, "--keep", "1", NULL};
  assert_int_equal(depot(env_src, backup, NULL, out, sizeof out), 0);
  assert_non_null(strstr(out, "backup: done"));
  sleep(1); /* a second file, so that --keep 1 has one to prune */
  assert_int_equal(depot(env_src, backup, NULL, out, sizeof out), 0);
  assert_non_null(strstr(out, "pruned"));
  char file[800];
  assert_true(only_dump(dir, file, sizeof file));
  struct stat st;
  assert_int_equal(stat(file, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  /* Encrypted: neither pg_dump's header nor any row is in the file. */
  assert_false(file_holds(file, "PGDMP"));
  assert_false(file_holds(file, "limited"));
  assert_false(file_holds(file, "$argon2id$"));
  assert_true(file_holds(file, "DEPOTBK1"));
  assert_int_equal(stat(key_file(), &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);

  const char *restore[] = {"restore", file, NULL};
  assert_int_equal(depot(env_dst, restore, NULL, out, sizeof out), 0);
  char *a = rows(src), *b = rows(dst);
  assert_non_null(strstr(a, "$argon2id$"));
  /* The demo's customers came back sealed, as they were. */
  assert_non_null(strstr(a, "\\x01"));
  assert_string_equal(a, b);
  free(b);
  /* Now it holds data: refused, unless --force. */
  const char *env[] = {env_dst, "DEPOT_LOG_LEVEL=warn", key_env, NULL};
  assert_int_equal(api_run_depot(restore, env, out, sizeof out), 1);
  assert_non_null(strstr(out, "--force"));
  const char *force[] = {"restore", file, "--force", NULL};
  assert_int_equal(depot(env_dst, force, NULL, out, sizeof out), 0);
  b = rows(dst);
  assert_string_equal(a, b);
  free(a);
  free(b);
}

static void
restore_on_a_new_machine_creates_the_cluster(void **state)
{
  const char *tmp = getenv("DEPOT_TEST_TMP");
  char data[600], env_data[700], file[800], cmd[2400];
  static char out[1 << 16];
  snprintf(data, sizeof data, "%s/new-machine", tmp);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data);
  assert_int_equal(system(cmd), 0);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/backups", tmp);
  assert_true(only_dump(dir, file, sizeof file));
  snprintf(env_data, sizeof env_data, "DEPOT_DATA_DIR=%s", data);
  const char *env[] = {env_data, "DEPOT_LOG_LEVEL=warn", NULL};
  const char *restore[] = {"restore", file, NULL};
  /* The new machine has no key file yet: refused, and it says why. */
  int rc = api_run_depot_input(restore, env, NULL, out, sizeof out);
  assert_int_equal(rc, 1);
  assert_non_null(strstr(out, "key file"));
  assert_non_null(strstr(out, "missing"));
  /* Another installation's key file does not open it either. */
  char other_key[800], other_env[900];
  snprintf(other_key, sizeof other_key, "%s/other.key", tmp);
  snprintf(cmd, sizeof cmd,
           "printf '1 %%s\\n' $(head -c 32 /dev/urandom | base64) > '%s'",
           other_key);
  assert_int_equal(system(cmd), 0);
  snprintf(other_env, sizeof other_env, "DEPOT_KEY_FILE=%s", other_key);
  const char *env_other[] = {env_data, "DEPOT_LOG_LEVEL=warn", other_env, NULL};
  rc = api_run_depot_input(restore, env_other, NULL, out, sizeof out);
  assert_int_equal(rc, 1);
  assert_non_null(strstr(out, "does not open"));
  /* With the key file copied over, it restores. */
  snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s/depot.key'", data,
           key_file(), data);
  assert_int_equal(system(cmd), 0);
  rc = api_run_depot_input(restore, env, NULL, out, sizeof out);
  if (rc != 0)
    fprintf(stderr, "%s\n", out);
  assert_int_equal(rc, 0);
  const char *list[] = {"user", "list", NULL};
  assert_int_equal(api_run_depot_input(list, env, NULL, out, sizeof out), 0);
  assert_non_null(strstr(out, "limited"));
  assert_non_null(strstr(out, "ZZ1"));
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data);
  assert_int_equal(system(cmd), 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(backup_then_restore_gives_the_same_rows),
      cmocka_unit_test(restore_on_a_new_machine_creates_the_cluster),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
