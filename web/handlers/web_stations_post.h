#ifndef WEB_STATIONS_POST_H
#define WEB_STATIONS_POST_H
#include "web_request.h"

/* POST /api/v1/stations: creates (201) or updates (200) a packing station and
 * its printer. */
enum MHD_Result web_stations_post(struct web_request *req);

#endif
