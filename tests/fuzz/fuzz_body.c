/* libFuzzer: request bodies through the JSON argument parser. */
#include <stdint.h>
#include <stdlib.h>

#include "../../server/args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct args_error e;
	json_t *args = args_from_body((const char *)data, size, &e);

	if (args != NULL) {
		/* what the server does next: add the key and serialise */
		args_add_idempotency_key(args, "k-1", &e);
		free(json_dumps(args, JSON_COMPACT));
		json_decref(args);
	}
	return 0;
}
