#include "wms_modules.h"

#include "wms_count.h"
#include "wms_location.h"
#include "wms_putaway.h"
#include "wms_replenish.h"

void
wms_modules_register(void)
{
  wms_location_register();
  wms_putaway_register();
  wms_count_register();
  wms_replenish_register();
}
