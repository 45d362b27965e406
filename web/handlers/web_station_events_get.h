#ifndef WEB_STATION_EVENTS_GET_H
#define WEB_STATION_EVENTS_GET_H
#include "web_request.h"

/* GET /api/v1/stations/{code}/events: Server-Sent Events of the scans read at
 * the station. */
enum MHD_Result web_station_events_get(struct web_request *req);

#endif
