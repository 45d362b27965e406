/*
 * The demo's people (docs: /work/shared/DEMO.md): an admin, a back-office
 * clerk, a warehouse lead and three pickers with badges, and the 3PL
 * client SHANYE's portal login (shanye.client). Passwords and PINs
 * are random on every seed and printed once, never fixed in the source.
 */
#include "core_log.h"
#include "core_password.h"
#include "core_user.h"
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_person {
  const char *username;
  const char *who;
  enum core_role role;
  const char *warehouse; /* NULL: all */
  const char *badge;     /* NULL: none */
};

static const struct demo_person people[] = {
    {"admin", "系统管理员 (admin)", CORE_ROLE_ADMIN, NULL, NULL},
    {"clerk.chen", "陈静, 客服/采购 (back office)", CORE_ROLE_BACK_OFFICE, NULL,
     NULL},
    {"lead.zhou", "周强, 仓库主管 (warehouse lead)", CORE_ROLE_WAREHOUSE_LEAD,
     "ZZ1", "ZZ1-B0100"},
    {"picker.li", "李娜, 拣货员 (picker)", CORE_ROLE_PICKER, "ZZ1",
     "ZZ1-B0101"},
    {"picker.wang", "王磊, 拣货员 (picker)", CORE_ROLE_PICKER, "ZZ1",
     "ZZ1-B0102"},
    {"picker.liu", "刘洋, 拣货员 (picker)", CORE_ROLE_PICKER, "ZZ1",
     "ZZ1-B0103"},
};

enum { NPEOPLE = sizeof people / sizeof people[0] };

/* A random 20-hex-digit password (80 bits) and a 6-digit PIN. */
static enum core_ec
secrets(char password[21], char pin[7])
{
  char hex[CORE_TOKEN_HEX + 1];
  enum core_ec ec = core_password_token(hex);
  if (ec != CORE_EC_OK)
    return ec;
  memcpy(password, hex, 20);
  password[20] = '\0';
  unsigned long n = strtoul((char[9]){hex[20], hex[21], hex[22], hex[23],
                                      hex[24], hex[25], hex[26], hex[27], 0},
                            NULL, 16);
  snprintf(pin, 7, "%06lu", n % 1000000ul);
  return CORE_EC_OK;
}

enum core_ec
cli_demo_people_seed(void)
{
  char passwords[NPEOPLE][21], pins[NPEOPLE][7];
  bool kept[NPEOPLE] = {false};
  for (size_t i = 0; i < NPEOPLE; i++) {
    const struct demo_person *p = &people[i];
    enum core_ec ec = secrets(passwords[i], pins[i]);
    struct core_user_new u = {
        .username = p->username,
        .role = p->role,
        .password = passwords[i],
        .badge = p->badge,
        .pin = p->badge != NULL ? pins[i] : NULL,
    };
    if (p->warehouse != NULL)
      u.warehouses[u.nwarehouses++] = p->warehouse;
    if (ec == CORE_EC_OK)
      ec = core_user_add(&u);
    /* An account made before the demo (an admin, say) keeps its password. */
    kept[i] = ec == CORE_EC_ALREADY_EXISTS;
    if (ec != CORE_EC_OK && !kept[i]) {
      CORE_ERROR("could not create demo user %s: %s", p->username,
                 core_ec_name(ec));
      return ec;
    }
  }
  printf("\ndemo logins (random, shown only now; change with depot user "
         "passwd):\n");
  for (size_t i = 0; i < NPEOPLE; i++) {
    printf("  %-12s %-22s %s", people[i].username,
           kept[i] ? "(existed: kept)" : passwords[i], people[i].who);
    if (people[i].badge != NULL)
      printf("  badge %s PIN %s", people[i].badge, pins[i]);
    printf("\n");
  }
  return CORE_EC_OK;
}

enum core_ec
cli_demo_portal_seed(void)
{
  char password[21], pin[7];
  enum core_ec ec = secrets(password, pin);
  struct core_user_new u = {
      .username = "shanye.client",
      .role = CORE_ROLE_CLIENT,
      .password = password,
      .owner = "SHANYE",
  };
  if (ec == CORE_EC_OK)
    ec = core_user_add(&u);
  bool kept = ec == CORE_EC_ALREADY_EXISTS;
  if (ec != CORE_EC_OK && !kept) {
    CORE_ERROR("could not create demo user %s: %s", u.username,
               core_ec_name(ec));
    return ec;
  }
  printf("\n3PL client portal login (random, shown only now; /portal/):\n");
  printf("  %-14s %-22s %s\n", u.username, kept ? "(existed: kept)" : password,
         "山野茶业 (3PL client SHANYE)");
  return CORE_EC_OK;
}
