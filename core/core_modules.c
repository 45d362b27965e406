#include "core_modules.h"

#include "core_auth.h"
#include "core_warehouse.h"

void
core_modules_register(void)
{
  core_warehouse_register();
  core_auth_register();
}
