#ifndef CORE_PII_DOC_H
#define CORE_PII_DOC_H
/*
 * Personal data inside JSON documents (issue 20, item 4): sealing an
 * intake document before it reaches SQL, and revealing (or masking) the
 * sealed parts of documents that SQL builds.
 *
 * In a document from SQL, an object with a "$pii" member (the base64 blob
 * of a sealed JSON object, or null for a row not sealed yet) is personal:
 * customers {id,name,email,phone} and addresses (ship_to). Revealing
 * merges the blob's members into the object and drops the bookkeeping
 * members ("$pii", "_enc", "_addr", "_mac"). Masking (a caller without
 * customers.read_pii) then masks phone and email and reduces the address
 * to its city (line1, line2 emptied) and marks the object "masked": true.
 *
 * Sealed address members: line1, line2, phone, email. The address keeps
 * name, city, region, postcode and country_code in plain text, plus
 * "_enc" (names of the sealed members present, for the holds' checks),
 * "_addr" (keyed tag of the lowercased lines, for merge keys) and "_mac"
 * (keyed tag of the sealed members, so a redelivery hashes the same).
 */
#include "core_ec.h"

#include <jansson.h>
#include <stdbool.h>

struct core_arena;

/*
 * Seals the personal members of an intake document @a doc (in, JSON text:
 * customer and ship_to as web_order_input.c builds them) into @a out (out,
 * JSON text in @a arena): customer {name, email_bidx, phone_bidx, pii},
 * ship_to as above plus a top-level "ship_to_pii". A document that is not
 * an object is passed through (SQL refuses it). CORE_EC_PII_NO_KEY
 * without a keyring.
 */
enum core_ec core_pii_seal_intake(const char *doc, struct core_arena *arena,
                                  const char **out);

/*
 * Seals the address members of @a ship_to (in,out: an object; the sealed
 * members are removed and "_enc", "_addr", "_mac" set) over @a old (in, may
 * be NULL: the plaintext object of the sealed members held now, which the
 * new ones override). The blob goes to @a b64 (out, arena), NULL when no
 * sealed member is left.
 */
enum core_ec core_pii_seal_address(json_t *ship_to, const json_t *old,
                                   struct core_arena *arena, const char **b64);

/*
 * Seals a customer's @a email and @a phone (in, may be "" or NULL) into
 * @a b64 (out, NULL when both empty) and their blind indexes into
 * @a email_bidx and @a phone_bidx (out, hex in @a arena, NULL when empty).
 */
enum core_ec core_pii_seal_customer(const char *email, const char *phone,
                                    struct core_arena *arena, const char **b64,
                                    const char **email_bidx,
                                    const char **phone_bidx);

/*
 * Reveals every personal object in @a doc (in,out), masked unless
 * @a full. A blob that does not open leaves its members out and sets
 * "pii_error": true (logged once per call).
 */
void core_pii_reveal(json_t *doc, bool full, struct core_arena *arena);

/*
 * The same over JSON text: @a text (in) is returned in @a out unchanged
 * (no copy) when it holds no "$pii" member, else revealed (arena). False
 * only for text with the marker that does not parse.
 */
bool core_pii_reveal_text(const char *text, bool full, struct core_arena *arena,
                          const char **out);

/*
 * Seals a whole text that holds personal data (a shipping label's ZPL, a
 * print job) for a text column: "pii1:" and the base64 blob, in @a arena.
 */
enum core_ec core_pii_seal_text(const char *text, struct core_arena *arena,
                                const char **out);

/*
 * Opens a text core_pii_seal_text made; any other text (older rows, jobs
 * with no personal data) is returned as it is.
 */
enum core_ec core_pii_open_text(const char *text, struct core_arena *arena,
                                const char **out);

/* Whether @a text (in) holds a personal object ("$pii" member). */
bool core_pii_doc_marked(const char *text);

#endif
