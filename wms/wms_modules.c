#include "wms_modules.h"

#include "wms_count.h"
#include "wms_exception.h"
#include "wms_labels.h"
#include "wms_layout.h"
#include "wms_location.h"
#include "wms_pack.h"
#include "wms_print.h"
#include "wms_putaway.h"
#include "wms_putaway_task.h"
#include "wms_replenish.h"
#include "wms_scope.h"
#include "wms_shipping.h"
#include "wms_slotting.h"
#include "wms_station.h"
#include "wms_wave.h"

void
wms_modules_register(void)
{
  wms_location_register();
  wms_putaway_register();
  wms_putaway_task_register();
  wms_count_register();
  wms_replenish_register();
  wms_scope_register();
  wms_wave_register();
  wms_pack_register();
  wms_print_register();
  wms_exception_register();
  wms_shipping_register();
  wms_station_register();
  wms_labels_register();
  wms_layout_register();
  wms_slotting_register();
}
