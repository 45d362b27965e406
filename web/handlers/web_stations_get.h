#ifndef WEB_STATIONS_GET_H
#define WEB_STATIONS_GET_H
#include "web_request.h"

/* GET /api/v1/stations?warehouse=: the packing stations. */
enum MHD_Result web_stations_get(struct web_request *req);

#endif
