#ifndef WEB_SETTLEMENTS_GET_H
#define WEB_SETTLEMENTS_GET_H
#include "web_request.h"

/* GET /api/v1/settlements?store=&limit=&cursor=: imported settlements,
 * newest first, keyset-paged (their reports: GET …/{id}). */
enum MHD_Result web_settlements_get(struct web_request *req);

#endif
