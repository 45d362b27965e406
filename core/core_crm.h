#ifndef CORE_CRM_H
#define CORE_CRM_H
/*
 * CRM (issue 20): editing and merging customers, the person's rights
 * (export, erase), RFM segments, and feedback/complaint tickets. Each
 * operation is one procedure of sql/procs/crm_*.sql in the procedure
 * contract (core_proc.h); documents hold customers and addresses sealed
 * as "$pii", which the reply opens or masks for the caller (web_reply.c).
 *
 * Common parameters: @a user is the acting user's id (0: none),
 * @a warehouses the caller's warehouse codes (comma-separated, NULL: all),
 * @a arena receives every string of @a out (out), which is always
 * initialised. Each returns CORE_EC_OK, the refusal, or a database error.
 */
#include "core_ec.h"
#include "core_proc.h"

#include <stdbool.h>
#include <stdint.h>

struct core_arena;

/* Applies @a doc (in, JSON text: name, tags, note, preferred_language,
 * do_not_contact) to customer @a id. */
enum core_ec core_crm_customer_patch(int64_t id, const char *doc, int64_t user,
                                     const char *warehouses,
                                     struct core_arena *arena,
                                     struct core_outcome *out);

/* Merges customer @a id into customer @a into (crm_customer_merge). */
enum core_ec core_crm_customer_merge(int64_t id, int64_t into, int64_t user,
                                     const char *warehouses,
                                     struct core_arena *arena,
                                     struct core_outcome *out);

/* Everything held about customer @a id. */
enum core_ec core_crm_customer_export(int64_t id, struct core_arena *arena,
                                      struct core_outcome *out);

/* Erases customer @a id's personal data, keeping orders and figures. */
enum core_ec core_crm_customer_erase(int64_t id, int64_t user,
                                     struct core_arena *arena,
                                     struct core_outcome *out);

/* The segments with counts (stores the caller sees; @a store (in, may be
 * NULL) only) as JSON text in @a doc (out). */
enum core_ec core_crm_segments(const char *warehouses, const char *store,
                               struct core_arena *arena, const char **doc);

/* Recomputes every RFM score; {"customers","refreshed_at"} in @a doc. */
enum core_ec core_crm_rfm_refresh(struct core_arena *arena, const char **doc);

/*
 * The nightly run: recomputes the scores when a day's run is due (see
 * crm_rfm_nightly). Sets @a ran (out). For the server's background worker.
 */
enum core_ec core_crm_rfm_nightly(bool *ran);

/* A new ticket from @a doc (in, JSON text as POST /api/v1/feedback
 * takes it), replayed by @a key (in, may be NULL). */
enum core_ec core_crm_feedback_create(const char *doc, const char *key,
                                      int64_t user, struct core_arena *arena,
                                      struct core_outcome *out);

/* Tickets matching @a filter (in, JSON text), newest first, id below
 * @a before (0: from the newest), at most @a limit, as a JSON array. */
enum core_ec core_crm_feedback_list(const char *filter, const char *warehouses,
                                    int64_t before, int64_t limit,
                                    struct core_arena *arena,
                                    const char **items);

/* Ticket @a id with its replies and state changes. */
enum core_ec core_crm_feedback_get(int64_t id, struct core_arena *arena,
                                   struct core_outcome *out);

/* A reply or internal note @a doc (in, JSON text: text, internal) on
 * ticket @a id, replayed by @a key (in, may be NULL). */
enum core_ec core_crm_feedback_reply(int64_t id, const char *doc,
                                     const char *key, int64_t user,
                                     struct core_arena *arena,
                                     struct core_outcome *out);

/* State, assignee or severity of ticket @a id from @a doc (in). */
enum core_ec core_crm_feedback_update(int64_t id, const char *doc, int64_t user,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

/* Hours @a hours for @a severity in store @a store (NULL: the default). */
enum core_ec core_crm_feedback_sla(const char *store, const char *severity,
                                   int64_t hours, struct core_arena *arena,
                                   struct core_outcome *out);

/* Overdue open tickets the caller sees, into @a n (out). */
enum core_ec core_crm_feedback_overdue(const char *warehouses,
                                       struct core_arena *arena, int64_t *n);

/* Complaint @a id opens a return of its order in one step: @a req (in,
 * JSON text {lines, resolution, note}, as POST /api/v1/returns takes it
 * without the order), replayed by @a key (in, may be NULL); @a request
 * (in, may be NULL) is the request's text for the RMA's timeline. The
 * answer is the ticket, with its "rma". */
enum core_ec core_crm_feedback_return(int64_t id, const char *req,
                                      const char *key, int64_t user,
                                      const char *request,
                                      struct core_arena *arena,
                                      struct core_outcome *out);

void core_crm_register(void);

#endif
