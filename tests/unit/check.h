/* A very small unit-test harness: each tests/unit/test_*.c is a program
 * whose main calls its test functions through RUN() and ends with
 * check_done(), which prints "N passed, M failed" and returns the status. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, what) do { \
	if (cond) { \
		check_passed++; \
	} else { \
		check_failed++; \
		printf("not ok - %s (%s:%d: %s)\n", (what), __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_STR(got, want, what) do { \
	const char *check_g = (got), *check_w = (want); \
	if (check_g != NULL && check_w != NULL && strcmp(check_g, check_w) == 0) { \
		check_passed++; \
	} else { \
		check_failed++; \
		printf("not ok - %s (%s:%d)\n    got:  \"%s\"\n    want: \"%s\"\n", (what), \
		    __FILE__, __LINE__, check_g ? check_g : "(null)", check_w ? check_w : "(null)"); \
	} \
} while (0)

#define CHECK_INT(got, want, what) do { \
	long long check_g = (long long)(got), check_w = (long long)(want); \
	if (check_g == check_w) { \
		check_passed++; \
	} else { \
		check_failed++; \
		printf("not ok - %s (%s:%d)\n    got:  %lld\n    want: %lld\n", (what), \
		    __FILE__, __LINE__, check_g, check_w); \
	} \
} while (0)

#define RUN(test) do { test(); } while (0)

static int
check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed == 0 ? 0 : 1;
}

#endif
