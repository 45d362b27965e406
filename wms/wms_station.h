#ifndef WMS_STATION_H
#define WMS_STATION_H
/*
 * Stations and their scanners: the device registry, and scans read at a
 * station, published through PostgreSQL NOTIFY (channel
 * WMS_STATION_CHANNEL) so that whichever depot node holds the station's
 * terminal connection delivers them.
 */
#include "core_ec.h"
#include "core_proc.h"

struct core_arena;

#define WMS_STATION_CHANNEL "depot_station"

/* Registers or updates a device from @a doc (validated JSON text). */
enum core_ec wms_device_put(const char *doc, struct core_arena *arena,
                            struct core_outcome *out);

/* Devices of @a station (NULL: all) as a JSON array. */
enum core_ec wms_device_list(const char *station, struct core_arena *arena,
                             const char **items);

/* The code of the warehouse station @a station is in; NOT_FOUND if none. */
enum core_ec wms_station_warehouse(const char *station,
                                   struct core_arena *arena, const char **wh);

/*
 * Publishes scan @a code read by @a device (may be NULL) at @a station.
 * not_found when there is no such station.
 */
enum core_ec wms_station_scan(const char *station, const char *device,
                              const char *code, struct core_arena *arena,
                              struct core_outcome *out);

void wms_station_register(void);

#endif
