#ifndef WEB_FEEDBACK_RETURN_POST_H
#define WEB_FEEDBACK_RETURN_POST_H
#include "web_request.h"

/* POST /api/v1/feedback/{id}/return: a complaint opens a return (RMA) of
 * its order in one step; body as POST /api/v1/returns without the order
 * ({lines, resolution, note, idempotency_key}). 201 with the ticket, whose
 * "rma" names the return (and the return's "feedback" the ticket). */
enum MHD_Result web_feedback_return_post(struct web_request *req);

#endif
