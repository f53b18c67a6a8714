/* CSV writing (RFC 4180) and strict reading, with errors that say where
 * the file is wrong so that whoever made it can fix it. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "i18n.h"

bool
csv_needs_quotes(const char *s)
{
	return s != NULL && strpbrk(s, ",\"\r\n") != NULL;
}

int
csv_write_field(FILE *f, const char *s)
{
	if (s == NULL || !csv_needs_quotes(s))
		return s == NULL || fputs(s, f) >= 0 ? 0 : -1;
	if (putc('"', f) == EOF)
		return -1;
	for (; *s != '\0'; s++) {
		/* a quote is written twice */
		if ((*s == '"' && putc('"', f) == EOF) || putc(*s, f) == EOF)
			return -1;
	}
	return putc('"', f) == EOF ? -1 : 0;
}

int
csv_write_row(FILE *f, const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((i > 0 && putc(',', f) == EOF) || csv_write_field(f, fields[i]) != 0)
			return -1;
	return fputs("\r\n", f) >= 0 ? 0 : -1;
}

void
csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	memset(r, 0, sizeof *r);
	r->p = text;
	r->end = text + len;
	r->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

void
csv_row_free(struct csv_row *row)
{
	size_t i;

	if (row == NULL)
		return;
	for (i = 0; i < row->count; i++)
		free(row->fields[i]);
	free(row->fields);
	free(row->lens);
	memset(row, 0, sizeof *row);
}

/* The field being read: bytes that grow. */
struct field {
	char *s;
	size_t len, cap;
};

static int
field_add(struct field *f, char c)
{
	if (f->len + 1 >= f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		char *s = realloc(f->s, cap);

		if (s == NULL)
			return -1;
		f->s = s;
		f->cap = cap;
	}
	f->s[f->len++] = c;
	f->s[f->len] = '\0';
	return 0;
}

static int
row_add(struct csv_row *row, struct field *f)
{
	char **fields = realloc(row->fields, (row->count + 1) * sizeof *fields);
	size_t *lens;

	if (fields == NULL)
		return -1;
	row->fields = fields;
	if ((lens = realloc(row->lens, (row->count + 1) * sizeof *lens)) == NULL)
		return -1;
	row->lens = lens;
	/* an empty field is an empty string, never NULL */
	if (f->s == NULL) {
		if (field_add(f, '\0') != 0)
			return -1;
		f->len = 0;
	}
	row->fields[row->count] = f->s;
	row->lens[row->count] = f->len;
	row->count++;
	memset(f, 0, sizeof *f);
	return 0;
}

/* The column of p on its line, in characters from 1. */
static size_t
column_of(const char *line_start, const char *p)
{
	size_t col = 1;

	for (; line_start < p; line_start++)
		if (((unsigned char)*line_start & 0xC0) != 0x80)
			col++;
	return col;
}

/* The message of a malformed file, when the caller wants one. */
#define CSV_FAIL(...) do { \
	if (err != NULL && errlen > 0) \
		snprintf(err, errlen, __VA_ARGS__); \
} while (0)

int
csv_read_row(struct csv_reader *r, struct csv_row *row, char *err, size_t errlen)
{
	struct field f = { NULL, 0, 0 };
	const char *line_start = r->p, *quote_at = NULL;
	size_t quote_line = 0;
	int rc = -1;

	memset(row, 0, sizeof *row);
	while (r->skip_blank && r->p < r->end && (*r->p == '\n' ||
	    (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))) {
		r->p += *r->p == '\r' ? 2 : 1;
		r->line++;
		line_start = r->p;
	}
	if (r->p >= r->end)
		return 0;
	row->line = r->line;
	for (;;) {
		bool quoted = r->p < r->end && *r->p == '"';

		if (quoted) {
			quote_at = r->p++;
			quote_line = r->line;
			for (;;) {
				if (r->p >= r->end) {
					/* TRANSLATORS: a line and a column of a CSV file */
					CSV_FAIL(_("line %zu, column %zu: a quoted field is not "
					    "closed"), quote_line, column_of(line_start, quote_at));
					goto out;
				}
				if (*r->p == '"' && r->p + 1 < r->end && r->p[1] == '"') {
					if (field_add(&f, '"') != 0)
						goto nomem;
					r->p += 2;
					continue;
				}
				if (*r->p == '"') {
					r->p++;
					break;
				}
				if (*r->p == '\n') {
					r->line++;
					/* columns count from the line the quote opened on:
					 * line_start stays for the error above */
				}
				if (field_add(&f, *r->p++) != 0)
					goto nomem;
			}
			if (r->line != quote_line) {
				/* later columns are counted on the field's last line */
				const char *s = r->p;

				while (s > line_start && s[-1] != '\n')
					s--;
				line_start = s;
			}
		} else {
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			    !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n') &&
			    !(*r->p == '\r' && r->p + 1 == r->end)) {
				if (*r->p == '"') {
					CSV_FAIL(_("line %zu, column %zu: a quote inside a "
					    "field that does not start with one (quote the field and "
					    "double its quotes)"), r->line, column_of(line_start, r->p));
					goto out;
				}
				if (field_add(&f, *r->p++) != 0)
					goto nomem;
			}
		}
		if (row_add(row, &f) != 0)
			goto nomem;
		if (r->p >= r->end)
			break;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p == '\n' || *r->p == '\r') {
			r->p += *r->p == '\r' && r->p + 1 < r->end ? 2 : 1;
			r->line++;
			break;
		}
		CSV_FAIL(_("line %zu, column %zu: after a closing quote, a comma or the "
		    "end of the line is expected"), r->line, column_of(line_start, r->p));
		goto out;
	}
	if (r->columns == 0) {
		r->columns = row->count;
	} else if (row->count != r->columns) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, ngettext("line %zu: %zu fields where %zu is expected",
			    "line %zu: %zu fields where %zu are expected", r->columns), row->line,
			    row->count, r->columns);
		goto out;
	}
	return 1;
nomem:
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", _("out of memory"));
out:
	free(f.s);
	csv_row_free(row);
	return rc;
}
