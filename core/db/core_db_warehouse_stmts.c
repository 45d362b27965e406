#include "core_db_warehouse.h"

#include <stddef.h>

extern const char core_db_insert_warehouse_sql[];
extern const char core_db_select_warehouse_sql[];
extern const char core_db_list_warehouses_sql[];
extern const char core_db_timezone_exists_sql[];

const struct core_db_stmt core_db_warehouse_stmts[] = {
    {"insert_warehouse", core_db_insert_warehouse_sql},
    {"select_warehouse", core_db_select_warehouse_sql},
    {"list_warehouses", core_db_list_warehouses_sql},
    {"timezone_exists", core_db_timezone_exists_sql},
    {NULL, NULL},
};
