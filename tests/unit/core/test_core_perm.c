/* The permission table: every route names a known permission, and roles
 * and API key scopes get exactly what the issue says. */
#include "core_perm.h"
#include "web_routes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void
every_route_names_a_known_permission(void **state)
{
  unsigned n = 0;
  for (const struct web_route *r = web_routes; r->method != NULL; r++, n++) {
    assert_non_null(r->perm);
    if (!core_perm_known(r->perm))
      fail_msg("route %s %s: unknown permission \"%s\"", r->method, r->pattern,
               r->perm);
  }
  assert_true(n > 5);
  assert_false(core_perm_known("warehouse.plann"));
  assert_false(core_perm_known(""));
}

static void
roles_hold_what_the_table_says(void **state)
{
  enum core_role picker = CORE_ROLE_PICKER;
  assert_true(core_perm_role_allows(picker, "stock.move"));
  assert_true(core_perm_role_allows(picker, "inventory.read"));
  assert_false(core_perm_role_allows(picker, "purchasing.approve"));
  assert_false(core_perm_role_allows(picker, "users.manage"));
  assert_false(core_perm_role_allows(picker, "stock.adjust"));
  assert_false(core_perm_role_allows(picker, "orders.read"));
  assert_true(core_perm_role_allows(CORE_ROLE_VIEWER, "orders.read"));
  /* Where events go and with which secret: the admin's alone. */
  assert_true(core_perm_role_allows(CORE_ROLE_ADMIN, "webhooks.manage"));
  assert_false(core_perm_role_allows(CORE_ROLE_BACK_OFFICE, "webhooks.manage"));
  assert_true(core_perm_role_allows(CORE_ROLE_VIEWER, "purchasing.read"));
  assert_false(core_perm_role_allows(CORE_ROLE_VIEWER, "orders.write"));
  assert_false(core_perm_role_allows(CORE_ROLE_VIEWER, "stock.move"));
  assert_true(core_perm_role_allows(CORE_ROLE_WAREHOUSE_LEAD, "stock.adjust"));
  assert_true(
      core_perm_role_allows(CORE_ROLE_WAREHOUSE_LEAD, "warehouse.plan"));
  assert_false(
      core_perm_role_allows(CORE_ROLE_WAREHOUSE_LEAD, "warehouse.create"));
  assert_true(
      core_perm_role_allows(CORE_ROLE_BACK_OFFICE, "purchasing.approve"));
  assert_false(core_perm_role_allows(CORE_ROLE_BACK_OFFICE, "audit.read"));
  assert_false(core_perm_role_allows(CORE_ROLE_BACK_OFFICE, "stock.move"));
  assert_false(core_perm_role_allows((enum core_role)99, "public"));
  assert_false(core_perm_role_allows(CORE_ROLE_ADMIN, "no.such.perm"));
}

static void
admin_holds_every_permission_routes_use(void **state)
{
  for (const struct web_route *r = web_routes; r->method != NULL; r++)
    assert_true(core_perm_role_allows(CORE_ROLE_ADMIN, r->perm));
}

static void
scopes_map_to_permissions(void **state)
{
  assert_true(core_perm_scopes_allow("stock:read", "inventory.read"));
  assert_false(core_perm_scopes_allow("stock:read", "stock.move"));
  assert_true(core_perm_scopes_allow("orders:write,stock:read", "stock.move") ==
              false);
  assert_true(core_perm_scopes_allow("orders:write,stock:read", "orders.read"));
  assert_true(
      core_perm_scopes_allow("stock:read,orders:write", "orders.write"));
  assert_false(core_perm_scopes_allow("orders:write", "users.manage"));
  assert_false(core_perm_scopes_allow("stock:readx", "inventory.read"));
  assert_false(core_perm_scopes_allow("", "inventory.read"));
  assert_true(core_perm_scopes_allow("", "authenticated"));
  assert_true(core_perm_scope_known("purchasing:write"));
  assert_false(core_perm_scope_known("users:write"));
  assert_true(core_perm_scopes_allow("webhooks:write", "webhooks.manage"));
  assert_false(core_perm_scopes_allow("orders:write", "webhooks.manage"));
}

static void
role_names_round_trip(void **state)
{
  for (int i = 0; i < CORE_ROLE_COUNT; i++) {
    enum core_role r;
    assert_true(
        core_perm_role_parse(core_perm_role_name((enum core_role)i), &r));
    assert_int_equal(r, i);
  }
  enum core_role r;
  assert_false(core_perm_role_parse("root", &r));
  assert_string_equal(core_perm_role_name((enum core_role)42), "");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_route_names_a_known_permission),
      cmocka_unit_test(roles_hold_what_the_table_says),
      cmocka_unit_test(admin_holds_every_permission_routes_use),
      cmocka_unit_test(scopes_map_to_permissions),
      cmocka_unit_test(role_names_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
