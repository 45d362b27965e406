#ifndef API_HARNESS_H
#define API_HARNESS_H
/*
 * API test harness: starts a real `depot serve` on a free loopback port
 * against a real PostgreSQL and talks HTTP to it with libcurl.
 *
 * Database: by default a fresh database t_<name> in the shared test
 * cluster that CTest's pg fixture started (DEPOT_TEST_DATA_DIR); with
 * own_cluster, a private embedded cluster the server starts itself.
 *
 * Security: before the server starts, `depot user add` creates the admin
 * API_ADMIN_USER; once it runs, the harness logs in and every call
 * carries that session's bearer token (api_server.token). To call as
 * someone else, copy the struct and change token (empty: no session), or
 * pass an Authorization or Cookie header, which then replaces it.
 */
#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#define API_ADMIN_USER "admin"
#define API_ADMIN_PASSWORD "harness admin password"

struct api_server {
  char token[80]; /* bearer token sent with every call; "" for none */
  bool tls;       /* https, trusting cainfo */
  char cainfo[512];
  pid_t pid;
  unsigned port;
  char name[64];
  char data_dir[512]; /* own_cluster only */
  char database_url[512];
  bool own_cluster;
  int stdout_fd;
  char source_addr[64]; /* calls come from this local address; "" default */
};

struct api_reply {
  long status;
  json_t *json;        /* parsed body or NULL; freed by api_reply_clear */
  char *body;          /* raw body, NUL-terminated */
  size_t body_len;     /* its length (a body may hold NUL bytes) */
  char request_id[80]; /* X-Request-Id of the reply */
  char allow[80];      /* Allow header, if any */
  char content_type[80];
  char retry_after[32];
  char set_cookie[256];
  char headers[4096]; /* all header lines, as received */
};

/* Path of the depot binary under test (from DEPOT_BIN). */
const char *api_depot_bin(void);

/*
 * Starts a server named @a name (in). With @a own_cluster it gets a
 * private embedded PostgreSQL under a temporary data dir. Extra
 * environment "K=V" strings in @a env (NULL-terminated, may be NULL).
 * Returns false (printed) on failure.
 */
bool api_server_start(struct api_server *s, const char *name, bool own_cluster,
                      const char *const *env);

/*
 * As api_server_start, with extra `depot serve` arguments @a args
 * (NULL-terminated, may be NULL); "--tls-cert" among them makes the
 * harness speak https, trusting the certificate file @a cainfo (in).
 */
bool api_server_start_args(struct api_server *s, const char *name,
                           bool own_cluster, const char *const *env,
                           const char *const *args, const char *cainfo);

/*
 * Creates user @a username with @a role, limited to warehouse @a warehouse
 * (NULL: all), password @a password, through `depot user add` against the
 * server's database (shared cluster only). Returns false (printed) on
 * failure.
 */
bool api_add_user(const struct api_server *s, const char *username,
                  const char *role, const char *warehouse,
                  const char *password);

/*
 * Creates an API key through `depot apikey create` with the options
 * @a opts (NULL-terminated: "--name", …, "--scope", …, "--supplier", …)
 * against the server's database, and copies the key shown once into @a key
 * (out, @a len bytes). Returns false (printed) on failure.
 */
bool api_make_key(const struct api_server *s, const char *const *opts,
                  char *key, size_t len);

/*
 * Logs @a username in; on 200 copies the token and CSRF token into
 * @a token and @a csrf (out, 80 bytes each; @a csrf may be NULL) and
 * returns 200; else returns the status.
 */
long api_login(const struct api_server *s, const char *username,
               const char *password, char *token, char *csrf);

/*
 * SIGTERM, wait; returns the exit status (-1 if killed by a signal). For a
 * server on the shared cluster it then runs `depot check stock` on its
 * database and returns 99 if the ledger does not add up.
 */
int api_server_stop(struct api_server *s);

/*
 * Sends @a method @a path with @a body (may be NULL) as application/json
 * (or @a content_type when not NULL); extra headers in @a headers
 * (NULL-terminated, may be NULL). Fills @a out; returns false if no HTTP
 * reply came back at all.
 */
bool api_call(const struct api_server *s, const char *method, const char *path,
              const char *body, size_t body_len, const char *content_type,
              const char *const *headers, struct api_reply *out);

/* Shorthand: JSON body from a C string, no extra headers. */
bool api_json(const struct api_server *s, const char *method, const char *path,
              const char *body, struct api_reply *out);

/*
 * Sends a JSON request and returns the reply body (new reference, or a
 * JSON null for an empty body) if the status is @a status; otherwise
 * prints what came back and returns NULL.
 */
json_t *api_expect(const struct api_server *s, const char *method,
                   const char *path, const char *body, long status);

/* The error code of error reply @a j, or "" (borrowed). */
const char *api_json_error_code(const json_t *j);

/* Frees what @a r holds. */
void api_reply_clear(struct api_reply *r);

/* The error code of an error reply, or "" if the body is not one. */
const char *api_error_code(const struct api_reply *r);

/* The error field of an error reply, or "". */
const char *api_error_field(const struct api_reply *r);

/*
 * Makes a fresh, empty database t_<name> in the shared test cluster and
 * writes its connection string to @a url.
 */
bool api_fresh_database(const char *name, char *url, size_t url_len);

/*
 * Runs `depot db @a verb` (start, stop) on the private cluster of
 * own-cluster server @a s; returns its exit status (output printed on
 * failure).
 */
int api_db_ctl(const struct api_server *s, const char *verb);

/*
 * Runs @a sql on server @a s's database. With @a out, the statement must
 * answer one row with a non-NULL first cell, copied into @a out (@a len
 * bytes). False (printed) on any failure.
 */
bool api_sql_text(const struct api_server *s, const char *sql, char *out,
                  size_t len);

/*
 * Loads the demo business (`depot demo seed`) into server @a s's
 * database; the harness's admin keeps its password. False (printed) on
 * failure.
 */
bool api_seed_demo(const struct api_server *s);

/* Runs `depot` with @a args (NULL-terminated) and @a env; exit status. */
int api_run_depot(const char *const *args, const char *const *env, char *out,
                  size_t out_len);

/*
 * The socket directory of the embedded cluster of data dir @a dir, as
 * depot computes it (inside it, or a state dir when the cluster's user
 * cannot reach it), into @a out. False (logged) on failure.
 */
bool api_sockdir(const char *dir, char *out, size_t len);

/* As api_run_depot, with @a input (may be NULL) on its stdin. */
int api_run_depot_input(const char *const *args, const char *const *env,
                        const char *input, char *out, size_t out_len);

#endif
