/* Writing a list as shown to a CSV or JSON file, for any list view: the
 * view gives its rows as a table of cells; this asks the file's name,
 * refuses what it cannot write, asks before overwriting, and writes into a
 * temporary file renamed over the name once complete. */
#ifndef VIEWS_EXPORT_H
#define VIEWS_EXPORT_H

#include <stddef.h>

#include "app.h"

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* How JSON writes a column's cells (CSV writes every cell as text). */
enum export_kind { EXPORT_TEXT, EXPORT_NUMBER };

struct export_table {
	const char *const *headers;	/* column names, as written (not translated) */
	const enum export_kind *kinds;	/* per column; NULL: all text */
	size_t ncols, nrows;
	/* the raw text of row i, column j (buf, of size bytes, may hold it);
	 * NULL: no value (CSV: an empty field, JSON: null) */
	const char *(*cell)(void *ctx, size_t row, size_t col, char *buf, size_t size);
	void *ctx;
};

/* The format a file's name asks for by its extension (.csv, .json, any
 * case); -1 for any other. */
int export_format_of(const char *path, enum export_format *fmt);

/*
 * Writes t to path: 0, or -1 with a translated message naming the file in
 * err. Nothing is left half-written: the rows go to a temporary file in
 * the same directory, renamed over path only once complete.
 */
int export_write(const char *path, enum export_format fmt, const struct export_table *t,
    char *err, size_t errlen);

/*
 * Asks where to export (initial: default_name, written to the export-dir
 * option's directory when the name has none), refuses a name that is
 * neither .csv nor .json, asks before replacing a file, then calls start
 * with the path and its format. ctx must live while the prompt is open
 * (the list view itself: prompts are modal); start is never called when
 * the user cancels.
 */
void export_ask(struct app *app, const char *default_name,
    void (*start)(struct app *app, const char *path, enum export_format fmt, void *ctx),
    void *ctx);

#endif
