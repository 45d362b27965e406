#ifndef WMS_MODULES_H
#define WMS_MODULES_H
/* Registers the prepared statements of every wms module (before db open). */
void wms_modules_register(void);
#endif
