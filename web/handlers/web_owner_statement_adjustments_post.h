#ifndef WEB_OWNER_STATEMENT_ADJUSTMENTS_POST_H
#define WEB_OWNER_STATEMENT_ADJUSTMENTS_POST_H
#include "web_request.h"

/* POST /api/v1/owners/{code}/statements/{id}/adjustments: a correction
 * of an issued statement ({amount, credit?, reason}), billed on the
 * owner's next one. */
enum MHD_Result web_owner_statement_adjustments_post(struct web_request *req);

#endif
