/* core/idmap: put, get, remove, growth, and removal keeping the others. */
#include <stdint.h>
#include <stdlib.h>

#include "../../core/idmap.h"
#include "check.h"

static void
test_put_get_remove(void)
{
	struct idmap m;
	static int values[20000];
	uint64_t k;
	size_t missing = 0, wrong = 0, failed = 0;

	idmap_init(&m);
	CHECK(idmap_get(&m, 7) == NULL, "an empty map finds nothing");
	for (k = 0; k < 20000; k++)
		failed += idmap_put(&m, k * 2 + (k & 1), &values[k]) != 0;
	CHECK_INT(failed, 0, "every put succeeds");
	CHECK_INT(m.count, 20000, "20,000 keys");
	for (k = 0; k < 20000; k++)
		if (idmap_get(&m, k * 2 + (k & 1)) != &values[k])
			wrong++;
	CHECK_INT(wrong, 0, "every key finds its value after growing");
	/* remove every third key: the others must all stay reachable */
	for (k = 0; k < 20000; k += 3)
		wrong += idmap_remove(&m, k * 2 + (k & 1)) != &values[k];
	CHECK_INT(wrong, 0, "remove returns the value");
	for (k = 0; k < 20000; k++) {
		void *v = idmap_get(&m, k * 2 + (k & 1));

		if (k % 3 == 0 ? v != NULL : v != &values[k])
			missing++;
	}
	CHECK_INT(missing, 0, "removed keys are gone, the others stay");
	CHECK(idmap_remove(&m, 999999) == NULL, "removing an absent key does nothing");
	CHECK_INT(idmap_put(&m, 5, &values[1]), 0, "put again");
	CHECK_INT(idmap_put(&m, 5, &values[2]), 0, "replace");
	CHECK(idmap_get(&m, 5) == &values[2], "the last put wins");
	CHECK_INT(idmap_put(&m, 6, NULL), -1, "a NULL value is refused");
	idmap_free(&m);
}

int
main(void)
{
	RUN(test_put_get_remove);
	return check_done("idmap");
}
