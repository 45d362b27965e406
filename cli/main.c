/* depot: the one binary. Everything it does starts at the command line. */
#include "cli.h"

int
main(int argc, char **argv)
{
  return cli_main(argc, argv);
}
