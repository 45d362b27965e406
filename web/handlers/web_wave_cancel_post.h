#ifndef WEB_WAVE_CANCEL_POST_H
#define WEB_WAVE_CANCEL_POST_H
#include "web_request.h"

/*
 * POST /api/v1/waves/{id}/cancel (leads, admins): cancels a wave nobody
 * has picked from; its orders go back to allocated. 200 with the wave;
 * 409 wave_started once a unit was picked, wave_not_open when done or
 * cancelled; 404.
 */
enum MHD_Result web_wave_cancel_post(struct web_request *req);

#endif
