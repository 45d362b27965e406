#ifndef CORE_EC_H
#define CORE_EC_H
/*
 * Error codes: the enum, their wire names and HTTP statuses, all generated
 * from core_ec.def so that a code cannot exist in one place only.
 */
#include <stdbool.h>

enum core_ec {
#define CORE_EC(NAME, wire, num, status, hint) CORE_EC_##NAME = num,
#include "core_ec.def"
#undef CORE_EC
};

/*
 * Wire name of @a ec (in), e.g. "malformed_json"; "internal_error" for a
 * number the registry does not know. Returns a static string.
 */
const char *core_ec_name(enum core_ec ec);

/* HTTP status that @a ec (in) is answered with; 500 if unknown. */
unsigned core_ec_status(enum core_ec ec);

/*
 * The code whose wire name is @a name (in), into @a out. Returns false for
 * a name the registry does not know.
 */
bool core_ec_parse(const char *name, enum core_ec *out);

/* Human hint for @a ec (in); a static string. */
const char *core_ec_hint(enum core_ec ec);

#endif
