/* Timings for the benchmarks: when PUPITRE_TIMINGS names a file, the
 * console appends "NAME VALUE UNIT" lines to it (first screen, queue
 * loaded, limit, each keypress to redraw, peak memory). */
#ifndef VIEWS_TIMING_H
#define VIEWS_TIMING_H

/* Milliseconds since the program started. */
double timing_now(void);

/* Records a value when timings are on. */
void timing_record(const char *name, double value, const char *unit);

/* Records the peak resident memory of the process. */
void timing_memory(void);

#endif
