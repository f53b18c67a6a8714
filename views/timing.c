/* Timings for the benchmarks, written only when PUPITRE_TIMINGS is set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timing.h"

static double
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double start_ms = -1;

double
timing_now(void)
{
	if (start_ms < 0)
		start_ms = clock_ms();
	return clock_ms() - start_ms;
}

void
timing_record(const char *name, double value, const char *unit)
{
	const char *path = getenv("PUPITRE_TIMINGS");
	FILE *f;

	if (path == NULL || *path == '\0' || (f = fopen(path, "a")) == NULL)
		return;
	fprintf(f, "%s %.3f %s\n", name, value, unit);
	fclose(f);
}

void
timing_memory(void)
{
	FILE *f;
	char line[256];

	if (getenv("PUPITRE_TIMINGS") == NULL || (f = fopen("/proc/self/status", "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		long kb;

		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			timing_record("memory", (double)kb / 1024.0, "MB");
	}
	fclose(f);
}
