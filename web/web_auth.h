#ifndef WEB_AUTH_H
#define WEB_AUTH_H
/*
 * The security gate in front of every handler: finds the caller (bearer
 * token, API key or session cookie), checks the route's permission against
 * core_perm, demands the CSRF token of cookie sessions on change requests,
 * and writes the audit row of every change request.
 */
#include "web_request.h"

#include <microhttpd.h>
#include <stdbool.h>

struct core_audit_ride;
struct core_db_riders;

/* Name of the session cookie. */
#define WEB_AUTH_COOKIE "depot_session"

/*
 * Authenticates @a req and checks its route's permission. On refusal
 * queues 401 unauthenticated, 403 forbidden / csrf_required, or 503 when
 * the database cannot say, sets @a ret and returns false.
 */
bool web_auth_or_reply(struct web_request *req, enum MHD_Result *ret);

/*
 * The API key @a req bears ("Authorization: Bearer dpk_..."), borrowed, or
 * NULL; not looked up, so it may be no key at all (for rate limiting).
 */
const char *web_auth_api_key_sent(struct web_request *req);

/*
 * Finds the caller of a public route without replying: true with
 * req->principal set when the request carries a valid user session
 * (cookie or bearer), false otherwise (nothing is queued either way).
 */
bool web_auth_peek(struct web_request *req);

/* Whether the authenticated principal of @a req holds permission @a perm. */
bool web_auth_allows(const struct web_request *req, const char *perm);

/*
 * Whether the caller may see personal data unmasked (permission
 * customers.read_pii; never a caller without a session or key).
 */
bool web_auth_reads_pii(const struct web_request *req);

/*
 * Whether the caller of @a req may touch warehouse @a code (in); if not,
 * queues 403 warehouse_forbidden, sets @a ret and returns false. Every
 * handler that reads or changes one warehouse's data calls this.
 */
bool web_auth_warehouse_or_reply(struct web_request *req, const char *code,
                                 enum MHD_Result *ret);

/*
 * Writes the audit row for @a req (after its reply is queued) when it is a
 * change request. A failure is logged; the reply stands.
 */
void web_auth_audit(struct web_request *req);

/*
 * Writes an audit row for read request @a req with HTTP @a status: for
 * reads the law wants on record (a person's data export, issue 20).
 */
void web_auth_audit_read(struct web_request *req, unsigned status);

/*
 * Makes the audit row of change request @a req ride (core_audit_ride) as
 * @a riders' tail, its parameters in @a ride; nothing for a read.
 * web_auth_audit then writes a row only for a change that did not commit
 * one (refused, failed, or one that committed and then failed).
 */
void web_auth_audit_ride(struct web_request *req, struct core_audit_ride *ride,
                         struct core_db_riders *riders);

/*
 * The Set-Cookie value for session @a token (in; NULL: one that clears
 * the cookie), in @a req's arena.
 */
const char *web_auth_cookie(struct web_request *req, const char *token);

struct core_auth_session;

/*
 * Queues the reply of a login that ended with @a ec: 200 with token,
 * csrf_token, user and the session cookie; 429 with Retry-After
 * @a retry_after; 401 bad_credentials; or the error. @a who (in) names
 * the login in the audit log when it failed.
 */
enum MHD_Result web_auth_login_reply(struct web_request *req, enum core_ec ec,
                                     const struct core_auth_session *s,
                                     unsigned retry_after, const char *who);

/* A JSON array of the comma-separated codes in @a list (in); new ref. */
json_t *web_auth_list_json(const char *list);
#endif
