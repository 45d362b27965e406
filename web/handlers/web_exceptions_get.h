#ifndef WEB_EXCEPTIONS_GET_H
#define WEB_EXCEPTIONS_GET_H
#include "web_request.h"

/* GET /api/v1/exceptions?warehouse=&state=&kind=: the lead's exceptions desk.
 */
enum MHD_Result web_exceptions_get(struct web_request *req);

#endif
