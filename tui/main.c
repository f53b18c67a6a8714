/* pupitre: the back-office console. */
#include <stdio.h>
#include <string.h>

#include "../core/version.h"

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: pupitre [--help] [--version]\n");
		return 0;
	}
	printf("pupitre %s\n", PUPITRE_VERSION);
	return 0;
}
