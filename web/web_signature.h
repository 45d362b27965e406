#ifndef WEB_SIGNATURE_H
#define WEB_SIGNATURE_H
/*
 * Webhook signatures: base64(HMAC-SHA256(secret, raw body)), as Shopify
 * (X-Shopify-Hmac-Sha256) and WooCommerce (X-WC-Webhook-Signature) send
 * them. Checked on the raw bytes, before any parsing.
 */
#include <stdbool.h>
#include <stddef.h>

/*
 * Whether @a header (in, may be NULL) is the base64 HMAC-SHA256 of the
 * @a len bytes at @a body under @a secret (in). Constant-time compare; an
 * empty secret never verifies.
 */
bool web_signature_valid(const char *secret, const char *body, size_t len,
                         const char *header);

#endif
