#include "wms_pack.h"

#include "core_arena.h"
#include "core_db.h"
#include "core_db_result.h"
#include "core_proc.h"
#include "core_log.h"
#include "core_password.h"
#include "core_pii.h"
#include "core_pii_doc.h"
#include "dev_label.h"
#include "dev_pdf.h"
#include "wms_waybill_label.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LABEL_CAP = 8192, SLIP_PAGE_CAP = 12288 };

static const struct core_db_stmt stmts[] = {
    {"pack_open", CORE_PROC_SELECT "wms_pack_open("
                                   "(SELECT id FROM warehouse WHERE code = $1),"
                                   " $2, $3, $4)"},
    {"carton_open", CORE_PROC_SELECT "wms_carton_open($1, $2, $3)"},
    {"carton_scan", CORE_PROC_SELECT "wms_carton_scan($1, $2, $3, $4, $5, $6)"},
    {"carton_unscan",
     CORE_PROC_SELECT "wms_carton_unscan($1, $2, $3, $4, $5, $6)"},
    {"carton_close",
     CORE_PROC_SELECT "wms_carton_close($1, $2::int, $3, $4, $5, $6)"},
    {"carton_weight_exception", "SELECT wms_weight_exception($1, $2, $3)"},
    {"carton_waybill_issue", "SELECT wms_waybill_issue($1, $2)"},
    /* Stores the label and queues label (+ slip) $3 in one round trip. */
    {"carton_store_label",
     "WITH s AS (UPDATE carton SET label_zpl = $2 WHERE id = $1)"
     " SELECT wms_print_queue_label($1, $3, $4) AS job"},
    {"carton_label_facts",
     "SELECT wms_carton_label(id)::text FROM carton WHERE id = $1"
     " AND state = 'closed'"},
    {"carton_waybill_print_save",
     "UPDATE carton_waybill SET print_doc = $2 WHERE carton_id = $1"},
    {"carton_waybill_print",
     "SELECT print_doc FROM carton_waybill WHERE carton_id = $1"
     " AND state = 'issued'"},
    {"carton_label", "SELECT label_zpl FROM carton WHERE id = $1"
                     " AND label_zpl IS NOT NULL"},
    {"shipment_ship", CORE_PROC_SELECT "wms_shipment_ship($1, $2, $3, $4)"},
    {"dock_scan", CORE_PROC_SELECT "wms_dock_scan((SELECT id FROM warehouse"
                                   " WHERE code = $1), $2, $3, $4, $5)"},
    {"shipment_delivered",
     CORE_PROC_SELECT "wms_shipment_delivered($1, $2, $3)"},
    {"shipment_get", CORE_PROC_SELECT "wms_shipment_get($1)"},
    {"shipment_list",
     "SELECT wms_shipment_list($1, $2, $3, $4::int, $5)::text"},
    {"track_get", "SELECT wms_track_doc($1)::text"},
    {"shipment_slip", "SELECT jsonb_build_object('slip', s)::text"
                      " FROM wms_packing_slip($1) s WHERE s IS NOT NULL"},
    {NULL, NULL},
};

void
wms_pack_register(void)
{
  core_db_register(stmts);
}

static const char *
num(struct core_arena *arena, int64_t v)
{
  return core_proc_num(arena, v, false);
}

enum core_ec
wms_pack_open(const char *wh, const char *code, const char *station,
              struct core_arena *arena, struct core_outcome *out)
{
  char token[CORE_TOKEN_HEX + 1];
  enum core_ec ec = core_password_token(token);
  if (ec != CORE_EC_OK)
    return ec;
  const char *p[] = {wh, code, station, token};
  return core_proc_run("pack_open", "pack_open", 4, p, arena, out);
}

enum core_ec
wms_carton_open(int64_t ship, const char *type, const char *idempotency_key,
                struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, ship), type, idempotency_key};
  return core_proc_run("carton_open", "carton_open", 3, p, arena, out);
}

enum core_ec
wms_carton_scan(int64_t carton, const struct wms_scan *s,
                struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, carton),
                     s->code,
                     s->gtin,
                     s->lot,
                     core_proc_num(arena, s->qty, true),
                     s->idempotency_key};
  return core_proc_run("carton_scan", "carton_scan", 6, p, arena, out);
}

enum core_ec
wms_carton_unscan(int64_t carton, const struct wms_scan *s,
                  struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, carton),
                     s->code,
                     s->gtin,
                     s->lot,
                     core_proc_num(arena, s->qty, true),
                     s->idempotency_key};
  return core_proc_run("carton_unscan", "carton_unscan", 6, p, arena, out);
}

/* String member @a key of object @a o, or NULL. */
static const char *
str(const json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

/* Room for the label's composed lines. */
struct label_text {
  char city_to[200], city_from[200];
};

/*
 * Fills @a sl from the label facts @a l (borrowed strings). The address is
 * opened in full (the parcel must arrive), the phone printed masked
 * (138****5678), as Chinese carriers' privacy waybills do: the courier
 * calls through the carrier's number relay, not from the label.
 */
static void
fill_label(json_t *l, struct dev_ship_label *sl, struct label_text *t,
           struct core_arena *arena)
{
  json_t *to = json_object_get(l, "ship_to");
  if (to != NULL) {
    core_pii_reveal(to, true, arena);
    const char *ph = str(to, "phone");
    if (ph != NULL)
      json_object_set_new(to, "phone",
                          json_string(core_pii_mask_phone(ph, arena)));
  }
  const json_t *from = json_object_get(l, "from");
  snprintf(t->city_to, sizeof t->city_to, "%s %s %s",
           str(to, "postcode") ? str(to, "postcode") : "",
           str(to, "city") ? str(to, "city") : "",
           str(to, "country_code") ? str(to, "country_code") : "");
  snprintf(t->city_from, sizeof t->city_from, "%s %s %s",
           str(from, "postcode") ? str(from, "postcode") : "",
           str(from, "city") ? str(from, "city") : "",
           str(from, "country_code") ? str(from, "country_code") : "");
  *sl = (struct dev_ship_label){
      .carrier = str(l, "carrier_name"),
      .tracking_no = str(l, "tracking_no"),
      .sscc = str(l, "sscc"),
      .order = str(l, "order"),
      .from = {str(from, "name"), str(from, "line1"), t->city_from, NULL},
      .to = {str(to, "name"), str(to, "line1"), str(to, "line2"), t->city_to,
             str(to, "phone"), NULL},
      .carton = (int)json_integer_value(json_object_get(l, "carton")),
      .cartons = (int)json_integer_value(json_object_get(l, "cartons")),
      .weight_g = (int)json_integer_value(json_object_get(l, "weight_g")),
  };
}

/*
 * The label of the closed carton, from the "label" facts of @a root: the
 * platform's e-waybill layout when its number came from a waybill service
 * (@a r's print data), else Depot's own shipping label.
 */
static bool
build_label(const json_t *root, const struct wms_carton_close_req *r, char *zpl,
            size_t cap, size_t *len, char *err, size_t errlen,
            struct core_arena *arena)
{
  json_t *l = json_object_get(root, "label");
  struct dev_ship_label sl;
  struct label_text t;
  bool ok = l != NULL;
  if (ok && json_is_true(json_object_get(l, "e_waybill"))) {
    core_pii_reveal(json_object_get(l, "ship_to"), true, arena);
    return wms_waybill_label_zpl(l, r->waybill_print, r->waybill_sender, zpl,
                                 cap, len, err, errlen, arena);
  }
  if (ok) {
    fill_label(l, &sl, &t, arena);
    ok = dev_label_ship_zpl(&sl, zpl, cap, len, err, errlen);
  } else {
    snprintf(err, errlen, "no label facts");
  }
  return ok;
}

/* The packing slip of the "slip" facts of @a root, if it has them. */
static bool
build_slip(const json_t *root, struct core_arena *arena, const char **zpl,
           size_t *len)
{
  const json_t *sl = json_object_get(root, "slip");
  const json_t *lines = json_object_get(sl, "lines");
  size_t n = json_array_size(lines);
  bool ok = sl != NULL && json_is_object(sl);
  struct dev_slip_line *l = core_arena_alloc(arena, (n + 1) * sizeof *l);
  for (size_t i = 0; ok && i < n; i++) {
    const json_t *x = json_array_get(lines, i);
    l[i] = (struct dev_slip_line){
        str(x, "sku"), str(x, "name"),
        (long)json_integer_value(json_object_get(x, "qty"))};
  }
  struct dev_slip slip = {
      str(sl, "title"),
      str(sl, "order"),
      str(sl, "ship_to"),
      str(sl, "date"),
      l,
      n,
      (int)json_integer_value(json_object_get(sl, "cartons"))};
  size_t cap = SLIP_PAGE_CAP * (n / DEV_SLIP_LINES_PER_PAGE + 1);
  char *out = core_arena_alloc(arena, cap), err[80];
  ok = ok && dev_label_slip_zpl(&slip, out, cap, len, err, sizeof err);
  if (sl != NULL && !ok)
    CORE_ERROR("packing slip not built: %s", err);
  *zpl = ok ? out : NULL;
  return ok;
}

struct close_cls {
  const char *const *p;
  const struct wms_carton_close_req *r;
  struct core_arena *arena;
  struct core_outcome *out;
  int64_t job; /* the queued print job, or 0 */
  char *zpl;
  size_t zpl_len;
};

/* The label and, when it was the last carton, the packing slip after it. */
static const char *
print_payload(const json_t *doc, const char *label, size_t label_len,
              struct core_arena *arena)
{
  const char *slip = NULL;
  size_t slip_len = 0;
  if (!build_slip(doc, arena, &slip, &slip_len))
    return label;
  char *all = core_arena_alloc(arena, label_len + slip_len + 1);
  memcpy(all, label, label_len);
  memcpy(all + label_len, slip, slip_len + 1);
  return all;
}

/*
 * Keeps the e-waybill label's inputs (the service's print data and the
 * account's sender), sealed, with the carton's waybill: its PDF is built
 * from them on request (wms_carton_label_pdf).
 */
static enum core_qs
save_print(struct core_db_conn *c, const struct close_cls *cc, enum core_ec *ec)
{
  json_t *kept = json_pack("{s:O?, s:O?}", "print", cc->r->waybill_print,
                           "sender", cc->r->waybill_sender);
  char *text = json_dumps(kept, JSON_COMPACT);
  json_decref(kept);
  const char *sealed = NULL;
  *ec = core_pii_seal_text(text != NULL ? text : "{}", cc->arena, &sealed);
  free(text);
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  const char *p[] = {cc->p[0], sealed};
  return core_db_query(c, "carton_waybill_print_save", 2, p, NULL);
}

static enum core_qs
close_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  struct close_cls *cc = cls;
  memset(cc->out, 0, sizeof *cc->out);
  /* The e-waybill's number is stored in the close's own transaction: a
     close that does not commit leaves the request to be asked again. */
  if (cc->r->waybill_code != NULL) {
    const char *pw[] = {cc->p[0], cc->r->waybill_code};
    enum core_qs q0 = core_db_query(c, "carton_waybill_issue", 2, pw, NULL);
    if (q0 < 0)
      return q0;
  }
  enum core_qs qs =
      core_proc_query(c, "carton_close", 6, cc->p, cc->arena, cc->out, ec);
  if (qs < 0 || cc->out->replayed)
    return qs;
  /* The close's document is parsed once, for the label and the slip. */
  json_t *doc = json_loads(cc->out->doc, 0, NULL);
  char err[160];
  if (!build_label(doc, cc->r, cc->zpl, LABEL_CAP, &cc->zpl_len, err,
                   sizeof err, cc->arena)) {
    CORE_ERROR("carton %s: label not built: %s", cc->p[0], err);
    json_decref(doc);
    *ec = CORE_EC_INTERNAL;
    return CORE_QS_HARD;
  }
  /* Stored and queued in this transaction: a close that commits prints.
     Both hold the address, so both are stored sealed (issue 20). */
  const char *zpl = NULL, *job = NULL;
  *ec = core_pii_seal_text(cc->zpl, cc->arena, &zpl);
  if (*ec == CORE_EC_OK)
    *ec = core_pii_seal_text(
        print_payload(doc, cc->zpl, cc->zpl_len, cc->arena), cc->arena, &job);
  json_decref(doc);
  if (*ec != CORE_EC_OK)
    return CORE_QS_HARD;
  if (cc->r->waybill_code != NULL) {
    qs = save_print(c, cc, ec);
    if (qs < 0)
      return qs;
  }
  const char *p2[] = {cc->p[0], zpl, job, cc->p[4]};
  struct core_db_rspec rs[] = {CORE_DB_RS_INT64_NULL("job", &cc->job, NULL),
                               CORE_DB_RS_END};
  qs = core_db_result_one(c, "carton_store_label", 4, p2, rs, cc->arena);
  return qs < 0 ? qs : CORE_QS_ONE;
}

/* A refused weight goes on the desk, in its own transaction. */
static enum core_qs
weight_tx(struct core_db_conn *c, void *cls, enum core_ec *ec)
{
  return core_db_query(c, "carton_weight_exception", 3, cls, NULL);
}

enum core_ec
wms_carton_close(int64_t carton, const struct wms_carton_close_req *r,
                 const struct core_stock_actor *who, struct core_arena *arena,
                 struct core_outcome *out, struct wms_print_result *printed)
{
  memset(printed, 0, sizeof *printed);
  const char *uid = core_proc_num(arena, who->user_id, true);
  const char *p[] = {num(arena, carton),
                     num(arena, r->weight_g),
                     r->override_reason,
                     r->idempotency_key,
                     uid,
                     who->request_id};
  struct close_cls cc = {
      p, r, arena, out, 0, core_arena_alloc(arena, LABEL_CAP), 0};
  memset(out, 0, sizeof *out);
  enum core_ec ec =
      core_db_run_tx("carton_close", CORE_DB_READ_COMMITTED, close_tx, &cc);
  if (ec == CORE_EC_WEIGHT_MISMATCH) {
    const char *p2[] = {p[0], out->detail, uid};
    if (core_db_run_tx("carton_weight", CORE_DB_READ_COMMITTED, weight_tx,
                       (void *)p2) != CORE_EC_OK)
      CORE_WARN("carton %s: weight exception not recorded", p[0]);
  }
  if (ec != CORE_EC_OK) {
    out->ec = ec;
    return ec;
  }
  printed->attempted = cc.job != 0;
  printed->job = cc.job;
  return ec;
}

enum core_ec
wms_carton_label(int64_t carton, struct core_arena *arena, const char **zpl)
{
  const char *p[] = {num(arena, carton)}, *sealed = NULL;
  enum core_ec ec = core_proc_text("carton_label", 1, p, arena, &sealed);
  return ec == CORE_EC_OK ? core_pii_open_text(sealed, arena, zpl) : ec;
}

/*
 * The PDF of e-waybill carton @a carton from its label facts @a l (in,
 * its ship_to revealed here as at close) and the print data kept at close
 * (none for a waybill issued before it was kept: the facts alone).
 */
static bool
waybill_pdf(int64_t carton, json_t *l, unsigned char **pdf, size_t *len,
            char *err, size_t errlen, struct core_arena *arena)
{
  const char *p[] = {num(arena, carton)}, *sealed = NULL, *text = NULL;
  json_t *kept = NULL;
  if (core_proc_text("carton_waybill_print", 1, p, arena, &sealed) ==
          CORE_EC_OK &&
      core_pii_open_text(sealed, arena, &text) == CORE_EC_OK)
    kept = json_loads(text, 0, NULL);
  core_pii_reveal(json_object_get(l, "ship_to"), true, arena);
  bool ok = wms_waybill_label_pdf(l, json_object_get(kept, "print"),
                                  json_object_get(kept, "sender"), pdf, len,
                                  err, errlen, arena);
  json_decref(kept);
  return ok;
}

enum core_ec
wms_carton_label_pdf(int64_t carton, struct core_arena *arena,
                     unsigned char **pdf, size_t *len)
{
  const char *p[] = {num(arena, carton)}, *facts;
  enum core_ec ec = core_proc_text("carton_label_facts", 1, p, arena, &facts);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *l = json_loads(facts, 0, NULL);
  struct dev_ship_label sl;
  struct label_text t;
  char err[160];
  bool ok;
  if (json_is_true(json_object_get(l, "e_waybill"))) {
    ok = waybill_pdf(carton, l, pdf, len, err, sizeof err, arena);
  } else {
    fill_label(l, &sl, &t, arena);
    ok = dev_pdf_ship_label(&sl, pdf, len, err, sizeof err);
  }
  json_decref(l);
  if (!ok)
    CORE_ERROR("carton %lld: PDF label: %s", (long long)carton, err);
  return ok ? CORE_EC_OK : CORE_EC_INTERNAL;
}

enum core_ec
wms_shipment_slip(int64_t ship, struct core_arena *arena, const char **zpl)
{
  const char *p[] = {num(arena, ship)}, *doc;
  size_t len;
  enum core_ec ec = core_proc_text("shipment_slip", 1, p, arena, &doc);
  if (ec != CORE_EC_OK)
    return ec;
  json_t *root = json_loads(doc, 0, NULL);
  if (!build_slip(root, arena, zpl, &len))
    ec = CORE_EC_INTERNAL;
  json_decref(root);
  return ec;
}

enum core_ec
wms_shipment_ship(int64_t ship, const char *idempotency_key,
                  const struct core_stock_actor *who, struct core_arena *arena,
                  struct core_outcome *out)
{
  const char *p[] = {num(arena, ship), idempotency_key,
                     core_proc_num(arena, who->user_id, true), who->request_id};
  return core_proc_run("shipment_ship", "shipment_ship", 4, p, arena, out);
}

enum core_ec
wms_dock_scan(const char *wh, const char *sscc_or_tracking,
              const char *idempotency_key, const struct core_stock_actor *who,
              struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {wh, sscc_or_tracking, idempotency_key,
                     core_proc_num(arena, who->user_id, true), who->request_id};
  return core_proc_run("dock_scan", "dock_scan", 5, p, arena, out);
}

enum core_ec
wms_shipment_delivered(int64_t ship, const struct core_stock_actor *who,
                       struct core_arena *arena, struct core_outcome *out)
{
  const char *p[] = {num(arena, ship), core_proc_num(arena, who->user_id, true),
                     who->request_id};
  return core_proc_run("shipment_delivered", "shipment_delivered", 3, p, arena,
                       out);
}

enum core_ec
wms_shipment_get(int64_t ship, struct core_arena *arena,
                 struct core_outcome *out)
{
  const char *p[] = {num(arena, ship)};
  return core_proc_run("shipment_get", "shipment_get", 1, p, arena, out);
}

enum core_ec
wms_shipment_list(const char *wh, const char *state, int64_t owner,
                  int64_t before, int64_t limit, struct core_arena *arena,
                  const char **items)
{
  const char *p[] = {wh, state, core_proc_num(arena, before, true),
                     core_proc_num(arena, limit, false),
                     core_proc_num(arena, owner, true)};
  return core_proc_text("shipment_list", 5, p, arena, items);
}

enum core_ec
wms_track_get(const char *token, struct core_arena *arena, const char **doc)
{
  const char *p[] = {token};
  return core_proc_text("track_get", 1, p, arena, doc);
}
