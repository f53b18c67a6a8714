/* libFuzzer: request paths and methods through the route table. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/routes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *methods[] = { "GET", "POST", "PUT", "DELETE" };
	struct route_param param;
	char *path;
	int known;

	if (size == 0)
		return 0;
	path = malloc(size);
	if (path == NULL)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	route_find(methods[data[0] % 4], path, &param, &known);
	free(path);
	return 0;
}
