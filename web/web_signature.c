#include "web_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

bool
web_signature_valid(const char *secret, const char *body, size_t len,
                    const char *header)
{
  if (secret == NULL || secret[0] == '\0' || header == NULL)
    return false;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), secret, (int)strlen(secret),
           (const unsigned char *)(body != NULL ? body : ""), len, mac,
           &mac_len) == NULL)
    return false;
  /* 32 bytes of MAC are 44 characters of base64. */
  unsigned char want[64];
  int n = EVP_EncodeBlock(want, mac, (int)mac_len);
  size_t hl = strlen(header);
  return n > 0 && hl == (size_t)n && CRYPTO_memcmp(want, header, hl) == 0;
}
