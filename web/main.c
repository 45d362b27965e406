/* depot: the one binary. Everything it does starts at the command line. */
#include "web_cli.h"

int
main(int argc, char **argv)
{
  return web_cli_main(argc, argv);
}
