#ifndef CORE_DB_AUTH_H
#define CORE_DB_AUTH_H
/*
 * Statements of the accounts module (users, sessions, login attempts, API
 * keys, audit log). Each is named and takes $n parameters only; the C
 * callers live in core_auth.c, core_user.c and core_audit.c.
 */
#include "core_db.h"

/* All account statements, for core_db_register. */
extern const struct core_db_stmt core_db_auth_stmts[];

/* SQL fragment: hex SHA-256 of text parameter n, as stored for secrets. */
#define CORE_DB_AUTH_DIGEST(n)                                                 \
  "encode(sha256(convert_to(" n ", 'UTF8')), 'hex')"

#endif
