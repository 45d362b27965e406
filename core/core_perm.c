#include "core_perm.h"

#include <stddef.h>
#include <string.h>

const char *const core_perm_role_names[] = {
    "admin",  "back_office", "warehouse_lead", "picker",
    "viewer", "finance",     "client",         NULL,
};

#define A (1u << CORE_ROLE_ADMIN)
#define B (1u << CORE_ROLE_BACK_OFFICE)
#define L (1u << CORE_ROLE_WAREHOUSE_LEAD)
#define P (1u << CORE_ROLE_PICKER)
#define V (1u << CORE_ROLE_VIEWER)
#define F (1u << CORE_ROLE_FINANCE)
#define C (1u << CORE_ROLE_CLIENT)

/*
 * THE permission table. One line per permission: which roles hold it.
 * admin holds everything; viewer holds every *.read but audit.read and
 * finance.read. Adding a route with a new permission means adding its line here
 * first.
 * client (a 3PL client, issue 23) holds the reads of its own goods and
 * orders and the writes of orders and ASNs; which routes it may actually
 * use, and only with its own owner's records, is the route table's `owner`
 * (web/web_owner.h): a route that does not declare it is refused to
 * clients whatever the permission says.
 */
static const struct {
  const char *perm;
  unsigned roles;
} perms[] = {
    {CORE_PERM_PUBLIC, A | B | L | P | V | F | C},
    {CORE_PERM_AUTHENTICATED, A | B | L | P | V | F | C},
    {"inventory.read", A | B | L | P | V | F | C},
    {"catalog.read", A | B | L | P | V | F | C},
    {"catalog.write", A | B},
    {"warehouse.create", A},
    {"warehouse.plan", A | L},
    {"stock.move", A | L | P},
    {"stock.adjust", A | L},
    {"stock.reserve", A | B},
    {"orders.read", A | B | L | V | F | C},
    /* Unmasked phones, emails and address lines (issue 20): pickers and
       viewers see 138****5678 (core_pii_doc.c). */
    {"customers.read_pii", A | B | L | C},
    {"orders.write", A | B | C},
    /* CRM (issue 20): customers' tags, notes, merges and segments; the
       person's rights (export, erase) are the admin's alone. */
    {"customers.write", A | B},
    {"customers.privacy", A},
    {"feedback.read", A | B | L | V},
    {"feedback.write", A | B},
    {"purchasing.read", A | B | V | F},
    {"purchasing.write", A | B},
    {"purchasing.approve", A | B},
    {"po.read", A | B | L | V | C},
    {"asn.write", A | B | C},
    {"receiving", A | L | P},
    /* After-sales (issue 19): the back office authorises and refunds, the
       floor receives and disposes; everyone with orders.read reads. */
    {"returns.read", A | B | L | P | V | F | C},
    {"returns.write", A | B},
    {"returns.receive", A | L | P},
    {"returns.refund", A | B},
    {"fulfil.plan", A | L},
    {"fulfil.pick", A | L | P},
    /* Shipments read (the dock's list, one shipment): the floor, and a 3PL
       client its own orders' parcels (carrier, tracking numbers). */
    {"shipments.read", A | L | P | C},
    {"fulfil.override", A | L},
    {"shipping.configure", A | B | L},
    {"station.scan", A | L | P},
    {"users.manage", A},
    {"audit.read", A},
    {"settings.write", A},
    /* The partitioned history's months and their archive to files
       (issue 25 item 3): what `depot archive` does on the server's
       shell. */
    {"history.archive", A},
    /* Event webhooks (issue 23 item 6): where the business's events go
       and with which secret. */
    {"webhooks.manage", A},
    /* Finance (issue 22): the ledger, periods, rates and margins. The
       finance role also reads orders and stock reports to explain them. */
    {"finance.read", A | F},
    {"finance.write", A | F},
    /* Stock owners (issue 23): the company's 3PL clients. A client reads
       its own owner record only (the route's owner scope). */
    {"owners.read", A | B | L | V | F | C},
    {"owners.write", A | B},
    /* 3PL billing (issue 23 item 4): price lists and statements are the
       back office's and finance's; a client reads its own statements
       (the route's owner scope); the floor records value-added services
       (labelling, kitting, gift wrap) on orders. */
    {"billing.read", A | B | V | F | C},
    {"billing.write", A | B | F},
    {"services.record", A | B | L},
};

/*
 * API key scopes and the permissions each grants. Keys never get user
 * management, audit, warehouse creation or purchase approval: those stay
 * with people.
 */
static const struct {
  const char *scope;
  const char *perms[6];
} scopes[] = {
    {"stock:read", {"inventory.read"}},
    {"stock:write", {"stock.move", "stock.adjust", "stock.reserve"}},
    {"catalog:read", {"catalog.read"}},
    {"catalog:write", {"catalog.read", "catalog.write"}},
    {"orders:read", {"orders.read", "customers.read_pii", "shipments.read"}},
    {"orders:write",
     {"orders.read", "orders.write", "customers.read_pii", "shipments.read"}},
    {"purchasing:read", {"purchasing.read", "po.read"}},
    {"purchasing:write",
     {"purchasing.read", "purchasing.write", "po.read", "asn.write"}},
    /* A station PC's `depot scan listen`: forwards scans, nothing else. */
    {"stations", {"station.scan"}},
    {"returns:read", {"returns.read"}},
    {"returns:write", {"returns.read", "returns.write", "returns.refund"}},
    /* A supplier's key: its own POs (with costs), ASNs, supplier record
       and documents only (handlers filter). */
    {"supplier", {"po.read", "purchasing.read", "asn.write"}},
    /* An integrator's key that manages its own event subscriptions. */
    {"webhooks:write", {"webhooks.manage"}},
    /* A 3PL client's key (with --owner): its advance shipping notices. */
    {"asns:write", {"asn.write", "po.read"}},
    {"owners:read", {"owners.read"}},
    /* A 3PL client's key: its price list and monthly statements. */
    {"billing:read", {"billing.read"}},
};

enum {
  NPERMS = sizeof perms / sizeof perms[0],
  NSCOPES = sizeof scopes / sizeof scopes[0],
};

bool
core_perm_role_parse(const char *name, enum core_role *out)
{
  for (int i = 0; i < CORE_ROLE_COUNT; i++) {
    if (strcmp(core_perm_role_names[i], name) == 0) {
      *out = (enum core_role)i;
      return true;
    }
  }
  return false;
}

const char *
core_perm_role_name(enum core_role role)
{
  if ((int)role < 0 || role >= CORE_ROLE_COUNT)
    return "";
  return core_perm_role_names[role];
}

bool
core_perm_known(const char *perm)
{
  for (size_t i = 0; i < NPERMS; i++) {
    if (strcmp(perms[i].perm, perm) == 0)
      return true;
  }
  return false;
}

bool
core_perm_role_allows(enum core_role role, const char *perm)
{
  if ((int)role < 0 || role >= CORE_ROLE_COUNT)
    return false;
  for (size_t i = 0; i < NPERMS; i++) {
    if (strcmp(perms[i].perm, perm) == 0)
      return (perms[i].roles & (1u << role)) != 0;
  }
  return false;
}

bool
core_perm_scope_known(const char *scope)
{
  for (size_t i = 0; i < NSCOPES; i++) {
    if (strcmp(scopes[i].scope, scope) == 0)
      return true;
  }
  return false;
}

/* Whether the one scope of @a len bytes at @a s grants @a perm. */
static bool
scope_grants(const char *s, size_t len, const char *perm)
{
  for (size_t i = 0; i < NSCOPES; i++) {
    if (strlen(scopes[i].scope) != len || memcmp(scopes[i].scope, s, len) != 0)
      continue;
    for (size_t j = 0; j < 6 && scopes[i].perms[j] != NULL; j++) {
      if (strcmp(scopes[i].perms[j], perm) == 0)
        return true;
    }
  }
  return false;
}

bool
core_perm_scopes_allow(const char *list, const char *perm)
{
  if (strcmp(perm, CORE_PERM_PUBLIC) == 0 ||
      strcmp(perm, CORE_PERM_AUTHENTICATED) == 0)
    return true;
  const char *p = list;
  while (*p != '\0') {
    size_t n = strcspn(p, ",");
    if (scope_grants(p, n, perm))
      return true;
    p += n;
    if (*p == ',')
      p++;
  }
  return false;
}
