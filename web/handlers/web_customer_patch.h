#ifndef WEB_CUSTOMER_PATCH_H
#define WEB_CUSTOMER_PATCH_H
#include "web_request.h"

/* PATCH /api/v1/customers/{id}: name, tags, a note, language, do-not-contact.
 */
enum MHD_Result web_customer_patch(struct web_request *req);

#endif
