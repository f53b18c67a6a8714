/* libFuzzer: query strings, headers and cursors as the server receives them.
 * The input is split at NUL bytes into key, value, key, value...; the last
 * piece is also tried as an Idempotency-Key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char spec[] = "state:s district:s limit:i hidden:b cursor:s q:s";
	struct args_error e;
	char *text = malloc(size + 2);
	const char *key, *value;
	json_t *args = json_object();
	size_t off = 0;

	if (text == NULL || args == NULL) {
		free(text);
		json_decref(args);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	text[size + 1] = '\0';
	while (off < size) {
		key = text + off;
		off += strlen(key) + 1;
		value = off <= size ? text + off : "";
		off += strlen(value) + 1;
		args_add_query(args, spec, key, value, &e);
		args_add_idempotency_key(args, value, &e);
	}
	free(json_dumps(args, JSON_COMPACT));
	json_decref(args);
	free(text);
	return 0;
}
