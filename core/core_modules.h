#ifndef CORE_MODULES_H
#define CORE_MODULES_H
/*
 * Registers the prepared statements of every core module with the pool,
 * so that all of them are prepared (and checked against the schema) on
 * each connection. Call once before core_db_open.
 */
void core_modules_register(void);

#endif
