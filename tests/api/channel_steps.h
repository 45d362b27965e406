#ifndef CHANNEL_STEPS_H
#define CHANNEL_STEPS_H
/*
 * Steps shared by the marketplace connector API tests
 * (test_api_channel_taobao, _jd, _pdd, _douyin): the world every one of
 * them builds, the store's connection document and order counts, "pull
 * now" until an order arrives, and the way from an allocated order to a
 * shipped parcel. Each test keeps its own platform store, simulator and
 * order shapes; these only move it along. Warehouses W7 (MUG, barcode
 * MUG-BC, in P-01; TEA; totes T001…) and W8 (BOWL, barcode BOWL-BC, in
 * Q-01; totes U001…), carrier SF, carton type BOX, store SHOP1 (shopify).
 */
#include "api_harness.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct channel_steps {
  struct api_server *srv; /* the admin's session */
  const char *store;      /* the platform store's code, e.g. "TB1" */
  const char *scan_key;   /* prefix of the pick scans' idempotency keys */
};

/*
 * Starts node with the simulator named by environment variable @a env and
 * arguments @a argv (NULL-terminated); its pid into @a pid, the port it
 * prints ("listening <port>") into @a port.
 */
bool channel_sim_start(const char *env, const char *const *argv, pid_t *pid,
                       unsigned *port);

/* POSTs @a body (a form if @a form, else JSON) to path @a path of the
   simulator on @a port; its JSON answer (new), failing the test if the
   answer is not JSON. */
json_t *channel_sim_post(unsigned port, const char *path, const char *body,
                         bool form);

/* The simulator's log of what it was sent (new). */
json_t *channel_sim_log(unsigned port);

/* Stops the simulator @a pid and waits for it. */
void channel_sim_stop(pid_t pid);

/* Adds pickers @a user (W7) and @a user with "8" appended (W8), both with
   @a password, as the admin @a srv, and logs them in as @a picker and
   @a picker8 (copies of @a srv with their own tokens). Whether both
   logins succeeded. */
bool channel_login_pickers(struct api_server *srv, struct api_server *picker,
                           struct api_server *picker8, const char *user,
                           const char *password);

/* Creates warehouse W7 (zone P, bin P-01, totes T001 to T@a totes) and
   product MUG (barcode MUG-BC), as the admin @a srv. */
void channel_world_w7_mug(struct api_server *srv, int totes);

/* Creates warehouse W7 with MUG (100 in P-01) and TEA, carrier SF and
   carton type BOX, as the admin @a srv. */
void channel_world_w7(struct api_server *srv);

/* Creates warehouse W8 with BOWL (10 in Q-01), as the admin @a srv. */
void channel_world_w8(struct api_server *srv);

/* Creates store SHOP1 (shopify, W7), which has no connector. */
void channel_world_shop1(struct api_server *srv);

/* The store's channel-auth document (new reference). */
json_t *channel_connection(const struct channel_steps *c);

/* Integer member @a key of the store's channel-auth document. */
long long channel_conn_int(const struct channel_steps *c, const char *key);

/* How many orders of the store have external id @a ext in state @a state
   (each NULL: any). */
size_t channel_orders(const struct channel_steps *c, const char *ext,
                      const char *state);

/* Presses "pull now" each second until the store has @a want orders of
   @a ext in @a state (NULL: any), for at most 20 s; fails the test
   otherwise. */
void channel_pull_until(const struct channel_steps *c, const char *ext,
                        const char *state, size_t want);

/* Waits up to 10 s for the store's connection to show a last_error
   starting with @a error in state error, and checks that the document
   shows neither the wrong secret ("a-wrong-secret…") nor @a token. */
void channel_wait_error(const struct channel_steps *c, const char *error,
                        const char *token);

/* The document of the store's order with external id @a ext (new); fails
   the test if there is none. */
json_t *channel_order_doc(const struct channel_steps *c, const char *ext);

/* Units of MUG reserved in W7. */
int64_t channel_reserved_mugs(const struct channel_steps *c);

/* Waves @a wh (as the admin) and picks its one list to the end as @a who,
   scanning @a barcode for every unit and totes of @a prefix. */
void channel_wave_and_pick(const struct channel_steps *c,
                           const struct api_server *who, const char *wh,
                           const char *barcode, char prefix);

/* Packs order @a external into one carton of @a qty units of @a barcode
   and ships it, as @a who. */
void channel_pack_and_ship(const struct api_server *who, const char *external,
                           const char *barcode, int qty);

#endif
