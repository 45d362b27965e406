#ifndef WEB_OWNER_STATEMENT_FACTS_GET_H
#define WEB_OWNER_STATEMENT_FACTS_GET_H
#include "web_request.h"

/* GET /api/v1/owners/{code}/statements/{id}/lines/{n}/facts: what one
 * line of a statement charges for, row by row. */
enum MHD_Result web_owner_statement_facts_get(struct web_request *req);

#endif
