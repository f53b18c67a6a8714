/* CSV as RFC 4180 writes it (fields quoted when they must be, CRLF line
 * ends) and as people's files hold it (LF or CRLF, a UTF-8 BOM), read
 * strictly: a malformed file is an error naming its line and column. */
#ifndef CORE_CSV_H
#define CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether s must be quoted: it holds a comma, a quote, CR or LF. */
bool csv_needs_quotes(const char *s);
/* One field (NULL is an empty one), quoted when it must be; -1 on a write error. */
int csv_write_field(FILE *f, const char *s);
/* One record: its fields separated by commas, then CR LF; -1 on a write error. */
int csv_write_row(FILE *f, const char *const *fields, size_t n);

/* A reader over text in memory (not copied: it must outlive the reader). */
struct csv_reader {
	const char *p, *end;
	size_t line;		/* of the next record, from 1 */
	size_t columns;		/* fields of every record; 0: the first record says */
	bool skip_blank;	/* empty lines are not records (the default: false) */
};

/* One record: its fields, NUL-terminated (a field may hold NUL bytes:
 * lens say how long each is), and the line where it starts. */
struct csv_row {
	char **fields;
	size_t *lens;
	size_t count;
	size_t line;
};

/* Starts reading text[0..len): a UTF-8 byte order mark is skipped. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len);
/*
 * The next record into row (freed first by the caller with csv_row_free,
 * or zeroed): 1 when one was read, 0 at the end of the text, -1 with a
 * translated message naming the line and the column in err: a quoted field
 * not closed, a quote inside a field not quoted, something after a closing
 * quote, a record with another number of fields than the first, or memory
 * running out.
 */
int csv_read_row(struct csv_reader *r, struct csv_row *row, char *err, size_t errlen);
void csv_row_free(struct csv_row *row);

#endif
