#ifndef WEB_STATION_SCANS_POST_H
#define WEB_STATION_SCANS_POST_H
#include "web_request.h"

/* POST /api/v1/stations/{code}/scans: a scan read at a station, pushed to its
 * terminals. */
enum MHD_Result web_station_scans_post(struct web_request *req);

#endif
