/* core/csv: what is written reads back the same, however hostile the
 * text, and every malformed file is an error naming its line and column. */
#include <stdlib.h>
#include <string.h>

#include "../../core/csv.h"
#include "check.h"

/* The text of rows as csv_write_row writes them; the caller frees it. */
static char *
written(const char *const *fields, size_t ncols, size_t nrows, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	size_t i;

	for (i = 0; f != NULL && i < nrows; i++)
		csv_write_row(f, fields + i * ncols, ncols);
	if (f != NULL)
		fclose(f);
	return buf;
}

static void
test_write(void)
{
	const char *row[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", NULL };
	size_t len;
	char *s = written(row, 7, 1, &len);

	CHECK_STR(s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,\r\n",
	    "quoted only when needed, quotes doubled, CRLF");
	free(s);
	CHECK(!csv_needs_quotes("Fontaine à eau 🚰"), "accents and emoji need no quotes");
	CHECK(csv_needs_quotes("a\"b"), "a quote needs quotes");
}

static void
test_round_trip(void)
{
	static const char *const rows[] = {
		"id", "title", "note",
		"1", "Un banc, deux bancs", "\"quoted\" at the start",
		"2", "Fontaine à eau 🚰 « rue d’Alésia »", "line one\nline two\r\nline three",
		"3", "\"\"\"", ",",
		"4", "", " spaces kept ",
		"5", "trailing quote\"", "\n",
	};
	struct csv_reader r;
	struct csv_row row = { 0 };
	char err[200];
	size_t len, i = 0, j;
	char *s = written(rows, 3, 6, &len);
	int rc;

	csv_reader_init(&r, s, len);
	while ((rc = csv_read_row(&r, &row, err, sizeof err)) == 1) {
		CHECK_INT(row.count, 3, "three fields");
		for (j = 0; j < 3 && j < row.count; j++)
			CHECK_STR(row.fields[j], rows[i * 3 + j], "the field read back");
		i++;
		csv_row_free(&row);
	}
	CHECK_INT(rc, 0, "the end, no error");
	CHECK_INT(i, 6, "six records");
	free(s);
}

static void
test_read_forms(void)
{
	const char *text = "\xEF\xBB\xBFid,online,paper\n12,30,4\r\n13,\"5\",0";
	struct csv_reader r;
	struct csv_row row = { 0 };
	char err[200];

	csv_reader_init(&r, text, strlen(text));
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "the header");
	CHECK_STR(row.fields[0], "id", "the BOM is not part of the first field");
	csv_row_free(&row);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "a CRLF line");
	CHECK_STR(row.fields[2], "4", "no CR in the last field");
	CHECK_INT(row.line, 2, "its line");
	csv_row_free(&row);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "a last line without its end");
	CHECK_STR(row.fields[1], "5", "a quoted number");
	CHECK_INT(row.line, 3, "its line");
	csv_row_free(&row);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 0, "the end");

	text = "a,b\n\n1,2\n\n";
	csv_reader_init(&r, text, strlen(text));
	r.skip_blank = true;
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "first");
	csv_row_free(&row);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "a blank line skipped");
	CHECK_INT(row.line, 3, "the line after the blank one");
	csv_row_free(&row);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 0, "blank lines at the end");

	text = "x\n\ny\n";
	csv_reader_init(&r, text, strlen(text));
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "x");
	csv_row_free(&row);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 1, "an empty record by default");
	CHECK_STR(row.fields[0], "", "its one empty field");
	csv_row_free(&row);

	csv_reader_init(&r, "", 0);
	CHECK_INT(csv_read_row(&r, &row, err, sizeof err), 0, "an empty text has no record");
}

/* The error of text's first bad record. */
static const char *
error_of(const char *text)
{
	static char err[200];
	struct csv_reader r;
	struct csv_row row = { 0 };
	int rc;

	err[0] = '\0';
	csv_reader_init(&r, text, strlen(text));
	while ((rc = csv_read_row(&r, &row, err, sizeof err)) == 1)
		csv_row_free(&row);
	CHECK(row.fields == NULL && row.count == 0, "nothing to free after an error");
	return rc < 0 ? err : "(no error)";
}

static void
test_errors(void)
{
	CHECK_STR(error_of("id,title\n1,\"not closed\n2,x\n"),
	    "line 2, column 3: a quoted field is not closed", "an unterminated quote");
	CHECK_STR(error_of("id,title\n1,say \"hi\"\n"),
	    "line 2, column 7: a quote inside a field that does not start with one (quote the "
	    "field and double its quotes)", "a stray quote");
	CHECK_STR(error_of("id,title\n1,\"done\"x\n"),
	    "line 2, column 9: after a closing quote, a comma or the end of the line is expected",
	    "something after a closing quote");
	CHECK_STR(error_of("id,title\n1,\"two\nlines\" x\n"),
	    "line 3, column 7: after a closing quote, a comma or the end of the line is expected",
	    "the column on the quoted field's last line");
	CHECK_STR(error_of("id,online,paper\n1,2,3\n4,5\n"),
	    "line 3: 2 fields where 3 are expected", "too few fields");
	CHECK_STR(error_of("id\n1,2\n"), "line 2: 2 fields where 1 is expected", "too many fields");
	CHECK_STR(error_of("é,à,\"x\" ,\n"),
	    "line 1, column 8: after a closing quote, a comma or the end of the line is expected",
	    "columns count characters, not bytes");
	CHECK_STR(error_of("a,b\n\"x\ny\",1\n3,4,5\n"), "line 4: 3 fields where 2 are expected",
	    "lines inside a quoted field count");
}

int
main(void)
{
	RUN(test_write);
	RUN(test_round_trip);
	RUN(test_read_forms);
	RUN(test_errors);
	return check_done("csv");
}
