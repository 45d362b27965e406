/*
 * Steps shared by the marketplace connector API tests (channel_steps.h).
 */
#include "channel_steps.h"

#include <curl/curl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_steps.h"

/* Scan keys and tote numbers, unique within one test run. */
static int next_key = 1, next_tote = 1;

/* Appends what curl got to the growing buffer @a cls. */
static size_t
collect(char *p, size_t s, size_t n, void *cls)
{
  size_t got = s * n, *len = (size_t *)((char **)cls + 1);
  char **buf = cls;
  *buf = realloc(*buf, *len + got + 1);
  memcpy(*buf + *len, p, got);
  *len += got;
  (*buf)[*len] = '\0';
  return got;
}

bool
channel_sim_start(const char *env, const char *const *argv, pid_t *pid,
                  unsigned *port)
{
  const char *node = getenv("DEPOT_NODE"), *js = getenv(env);
  int fd[2];
  if (node == NULL || js == NULL || pipe(fd) != 0)
    return false;
  const char *args[16] = {node, js};
  size_t n = 2;
  for (; argv[n - 2] != NULL && n < 15; n++)
    args[n] = argv[n - 2];
  args[n] = NULL;
  *pid = fork();
  if (*pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    execv(node, (char *const *)args);
    _exit(127);
  }
  close(fd[1]);
  FILE *f = fdopen(fd[0], "r");
  char line[64] = "";
  /* The pipe stays open: the simulator writes nothing more. */
  return f != NULL && fgets(line, sizeof line, f) != NULL &&
         sscanf(line, "listening %u", port) == 1;
}

json_t *
channel_sim_post(unsigned sim_port, const char *path, const char *body,
                 bool form)
{
  struct {
    char *buf;
    size_t len;
  } r = {NULL, 0};
  char url[2048];
  snprintf(url, sizeof url, "http://127.0.0.1:%u%s", sim_port, path);
  struct curl_slist *h = curl_slist_append(
      NULL, form ? "Content-Type: application/x-www-form-urlencoded"
                 : "Content-Type: application/json");
  CURL *c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body != NULL ? body : "");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  assert_int_equal(curl_easy_perform(c), CURLE_OK);
  curl_easy_cleanup(c);
  curl_slist_free_all(h);
  json_t *j = json_loads(r.buf != NULL ? r.buf : "", 0, NULL);
  if (j == NULL)
    fail_msg("simulator %s answered %s", path, r.buf);
  free(r.buf);
  return j;
}

json_t *
channel_sim_log(unsigned sim_port)
{
  return channel_sim_post(sim_port, "/__sim/log", "{}", false);
}

void
channel_sim_stop(pid_t pid)
{
  kill(pid, SIGTERM);
  waitpid(pid, NULL, 0);
}

bool
channel_login_pickers(struct api_server *srv, struct api_server *picker,
                      struct api_server *picker8, const char *user,
                      const char *password)
{
  char user8[64];
  snprintf(user8, sizeof user8, "%s8", user);
  assert_true(api_add_user(srv, user, "picker", "W7", password));
  assert_true(api_add_user(srv, user8, "picker", "W8", password));
  *picker = *srv;
  *picker8 = *srv;
  return api_login(srv, user8, password, picker8->token, NULL) == 200 &&
         api_login(srv, user, password, picker->token, NULL) == 200;
}

void
channel_world_w7_mug(struct api_server *srv, int totes)
{
  api_step_ok(srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"W7\",\"name\":\"w7\"}", 201);
  api_step_ok(srv, "POST", "/api/v1/warehouses/W7/zones",
              "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  api_step_ok(srv, "POST", "/api/v1/warehouses/W7/bins",
              "{\"code\":\"P-01\",\"zone\":\"P\",\"pick_sequence\":1}", 201);
  char body[64];
  snprintf(body, sizeof body, "{\"prefix\":\"T\",\"from\":1,\"to\":%d}", totes);
  api_step_ok(srv, "POST", "/api/v1/warehouses/W7/totes", body, 201);
  api_step_ok(srv, "POST", "/api/v1/products",
              "{\"sku\":\"MUG\",\"name\":\"mug\",\"weight_kg\":\"0.300\","
              "\"barcodes\":[{\"code\":\"MUG-BC\"}]}",
              201);
}

void
channel_world_w7(struct api_server *srv)
{
  channel_world_w7_mug(srv, 20);
  api_step_ok(srv, "POST", "/api/v1/products",
              "{\"sku\":\"TEA\",\"name\":\"tea\",\"weight_kg\":\"0.100\"}",
              201);
  api_step_ok(srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"W7\",\"bin\":\"P-01\",\"sku\":\"MUG\","
              "\"qty_delta\":100}",
              201);
  api_step_ok(srv, "POST", "/api/v1/carriers",
              "{\"code\":\"SF\",\"name\":\"SF Express\",\"transit_days\":2,"
              "\"tracking\":{\"prefix\":\"SF\",\"digits\":10,"
              "\"check_digit\":\"mod10\",\"first\":1,\"last\":5000}}",
              201);
  api_step_ok(srv, "POST", "/api/v1/carton-types",
              "{\"code\":\"BOX\",\"tare_g\":100}", 201);
}

void
channel_world_w8(struct api_server *srv)
{
  api_step_ok(srv, "POST", "/api/v1/warehouses",
              "{\"code\":\"W8\",\"name\":\"w8\"}", 201);
  api_step_ok(srv, "POST", "/api/v1/warehouses/W8/zones",
              "{\"code\":\"P\",\"type\":\"pick\"}", 201);
  api_step_ok(srv, "POST", "/api/v1/warehouses/W8/bins",
              "{\"code\":\"Q-01\",\"zone\":\"P\",\"pick_sequence\":1}", 201);
  api_step_ok(srv, "POST", "/api/v1/warehouses/W8/totes",
              "{\"prefix\":\"U\",\"from\":1,\"to\":20}", 201);
  api_step_ok(srv, "POST", "/api/v1/products",
              "{\"sku\":\"BOWL\",\"name\":\"bowl\",\"weight_kg\":\"0.300\","
              "\"barcodes\":[{\"code\":\"BOWL-BC\"}]}",
              201);
  api_step_ok(srv, "POST", "/api/v1/stock/adjustments",
              "{\"warehouse\":\"W8\",\"bin\":\"Q-01\",\"sku\":\"BOWL\","
              "\"qty_delta\":10}",
              201);
}

void
channel_world_shop1(struct api_server *srv)
{
  api_step_ok(srv, "POST", "/api/v1/stores",
              "{\"code\":\"SHOP1\",\"name\":\"shop\",\"channel\":\"shopify\","
              "\"warehouse\":\"W7\",\"webhook_secret\":\"0123456789abcdef\"}",
              201);
}

json_t *
channel_connection(const struct channel_steps *c)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/stores/%s/channel-auth", c->store);
  return api_step(c->srv, "GET", path, NULL, 200);
}

long long
channel_conn_int(const struct channel_steps *c, const char *key)
{
  json_t *j = channel_connection(c);
  long long v = json_integer_value(json_object_get(j, key));
  json_decref(j);
  return v;
}

size_t
channel_orders(const struct channel_steps *c, const char *ext,
               const char *state)
{
  char path[160];
  snprintf(path, sizeof path, "/api/v1/orders?store=%s&limit=200%s%s%s%s",
           c->store, ext != NULL ? "&external_id=" : "", ext != NULL ? ext : "",
           state != NULL ? "&state=" : "", state != NULL ? state : "");
  json_t *j = api_step(c->srv, "GET", path, NULL, 200);
  size_t n = json_array_size(json_object_get(j, "items"));
  json_decref(j);
  return n;
}

void
channel_pull_until(const struct channel_steps *c, const char *ext,
                   const char *state, size_t want)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/stores/%s/channel-pull", c->store);
  for (int i = 0; i < 40; i++) {
    if (i % 2 == 0)
      api_step_ok(c->srv, "POST", path, NULL, 202);
    usleep(500000);
    if (channel_orders(c, ext, state) == want)
      return;
  }
  json_t *j = channel_connection(c);
  char *t = json_dumps(j, 0);
  fail_msg("%s never had %zu orders %s in %s; connection %s", c->store, want,
           ext != NULL ? ext : "", state != NULL ? state : "any", t);
}

void
channel_wait_error(const struct channel_steps *c, const char *error,
                   const char *token)
{
  for (int i = 0; i < 40; i++) {
    json_t *j = channel_connection(c);
    const char *e = json_string_value(json_object_get(j, "last_error"));
    bool seen = e != NULL && strncmp(e, error, strlen(error)) == 0;
    if (seen) {
      assert_string_equal(json_string_value(json_object_get(j, "state")),
                          "error");
      /* Never a secret in the document. */
      char *t = json_dumps(j, 0);
      assert_null(strstr(t, "a-wrong-secret"));
      assert_null(strstr(t, token));
      free(t);
    }
    json_decref(j);
    if (seen)
      break;
    assert_true(i < 39);
    usleep(250000);
  }
}

json_t *
channel_order_doc(const struct channel_steps *c, const char *ext)
{
  char path[96];
  snprintf(path, sizeof path, "/api/v1/orders?store=%s&external_id=%s",
           c->store, ext);
  json_t *j = api_step(c->srv, "GET", path, NULL, 200);
  json_t *o = json_array_get(json_object_get(j, "items"), 0);
  assert_non_null(o);
  char p2[64];
  snprintf(p2, sizeof p2, "/api/v1/orders/%lld",
           (long long)json_integer_value(json_object_get(o, "id")));
  json_decref(j);
  return api_step(c->srv, "GET", p2, NULL, 200);
}

int64_t
channel_reserved_mugs(const struct channel_steps *c)
{
  json_t *j =
      api_step(c->srv, "GET", "/api/v1/stock?sku=MUG&warehouse=W7", NULL, 200);
  int64_t v = json_integer_value(json_object_get(
      json_array_get(json_object_get(j, "items"), 0), "reserved"));
  json_decref(j);
  return v;
}

/* Scans @a code (@a qty units, at least one) on pick list @a list as
   @a who, keyed with the steps' scan_key; the next instruction (new). */
static json_t *
scan_as(const struct channel_steps *c, const struct api_server *who,
        int64_t list, const char *code, int qty)
{
  char path[64], body[200];
  snprintf(path, sizeof path, "/api/v1/picklists/%lld/scan", (long long)list);
  snprintf(body, sizeof body,
           "{\"code\":\"%s\",\"qty\":%d,\"idempotency_key\":\"%s-%d\"}", code,
           qty > 0 ? qty : 1, c->scan_key, next_key++);
  return api_step(who, "POST", path, body, 200);
}

void
channel_wave_and_pick(const struct channel_steps *c,
                      const struct api_server *who, const char *wh,
                      const char *barcode, char prefix)
{
  char body[64];
  snprintf(body, sizeof body, "{\"warehouse\":\"%s\"}", wh);
  api_step_ok(c->srv, "POST", "/api/v1/waves", body, 201);
  json_t *v = api_step(who, "POST", "/api/v1/picklists/next", body, 200);
  int64_t list = json_integer_value(json_object_get(v, "picklist"));
  for (;;) {
    const char *action = json_string_value(json_object_get(v, "action"));
    json_t *task = json_object_get(v, "task");
    json_t *n;
    if (strcmp(action, "done") == 0)
      break;
    if (strcmp(action, "scan_bin") == 0) {
      n = scan_as(c, who, list, json_string_value(json_object_get(task, "bin")),
                  0);
    } else if (strcmp(action, "scan_item") == 0) {
      n = scan_as(c, who, list, barcode,
                  (int)json_integer_value(json_object_get(task, "remaining")));
    } else {
      char tote[8];
      snprintf(tote, sizeof tote, "%c%03d", prefix, next_tote++);
      n = scan_as(c, who, list, tote, 0);
    }
    json_decref(v);
    v = n;
  }
  json_decref(v);
}

void
channel_pack_and_ship(const struct api_server *who, const char *external,
                      const char *barcode, int qty)
{
  char body[120], path[96];
  snprintf(body, sizeof body, "{\"code\":\"%s\"}", external);
  json_t *sh = api_step(who, "POST", "/api/v1/packing/open", body, 201);
  int64_t ship = json_integer_value(json_object_get(sh, "id"));
  json_decref(sh);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/cartons",
           (long long)ship);
  json_t *c = api_step(who, "POST", path, "{\"carton_type\":\"BOX\"}", 201);
  int64_t cid = json_integer_value(
      json_object_get(json_array_get(json_object_get(c, "cartons"), 0), "id"));
  json_decref(c);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/scan", (long long)cid);
  snprintf(body, sizeof body, "{\"code\":\"%s\",\"qty\":%d}", barcode, qty);
  api_step_ok(who, "POST", path, body, 200);
  snprintf(path, sizeof path, "/api/v1/cartons/%lld/close", (long long)cid);
  snprintf(body, sizeof body, "{\"weight_g\":%d}", 100 + qty * 300);
  api_step_ok(who, "POST", path, body, 200);
  snprintf(path, sizeof path, "/api/v1/shipments/%lld/ship", (long long)ship);
  api_step_ok(who, "POST", path, NULL, 200);
}
