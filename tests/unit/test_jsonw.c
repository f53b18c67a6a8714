/* core/jsonw: strings escaped so that any text, however hostile, is
 * written as valid JSON that reads back as itself. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../core/jsonw.h"
#include "check.h"

static char *
string_of(const char *s)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	if (f != NULL) {
		jsonw_string(f, s);
		fclose(f);
	}
	return buf;
}

static void
test_escapes(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "say \"hi\" \\o/", "\"say \\\"hi\\\" \\\\o/\"" },
		{ "a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"" },
		{ "\x1b[31m\x7f", "\"\\u001b[31m\x7f\"" },
		{ "Fontaine à eau 🚰", "\"Fontaine à eau 🚰\"" },
		{ "bad \xC0\xAF end \xE2\x82", "\"bad \\ufffd\\ufffd end \\ufffd\\ufffd\"" },
		{ "line\xE2\x80\xA8sep\xE2\x80\xA9", "\"line\\u2028sep\\u2029\"" },
		{ "\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "", "\"\"" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = string_of(cases[i].in);

		CHECK_STR(s, cases[i].out, cases[i].in);
		free(s);
	}
	{
		char *s = string_of(NULL);

		CHECK_STR(s, "null", "NULL is null");
		free(s);
	}
}

/* What jansson reads of the string written equals the text. */
static void
test_reads_back(void)
{
	const char *texts[] = { "Un banc, \"deux\" bancs\n« là »", "\x01\x02\x1f end", "🚰🚲" };
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char *s = string_of(texts[i]);
		json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);

		CHECK(v != NULL && json_is_string(v), "valid JSON");
		CHECK_STR(v ? json_string_value(v) : NULL, texts[i], "the same text back");
		json_decref(v);
		free(s);
	}
}

static void
test_numbers(void)
{
	const char *yes[] = { "0", "-12", "2500.50", "1e3", "1.5E-2", "12345678901234" };
	const char *no[] = { "", "-", "01", "1.", ".5", "1e", "12a", "+1", "NaN", "1 000" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
		CHECK(jsonw_is_number(yes[i]), yes[i]);
	for (i = 0; i < sizeof no / sizeof no[0]; i++)
		CHECK(!jsonw_is_number(no[i]), no[i]);
	CHECK(!jsonw_is_number(NULL), "NULL");
}

int
main(void)
{
	RUN(test_escapes);
	RUN(test_reads_back);
	RUN(test_numbers);
	return check_done("jsonw");
}
