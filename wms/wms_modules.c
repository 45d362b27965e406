#include "wms_modules.h"

#include "wms_location.h"

void
wms_modules_register(void)
{
  wms_location_register();
}
