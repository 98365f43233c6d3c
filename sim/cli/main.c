/* The subnetsim command: dispatch to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "ss_version.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("subnetsim %s\n", SS_VERSION);
        return 0;
    }
    fprintf(stderr, "usage: subnetsim --version\n");
    return 2;
}
