/* man/pupitrerc.5 holds the tables of keymaps/ as they are: each section
 * between ".\" BEGIN GENERATED x" and ".\" END GENERATED x" is what
 * keymap_write_man writes. After changing a table or a default key, run
 *	tests/unit/test_keymap_man --update
 * from the top of the tree to rewrite those sections in place. */
#include <stdlib.h>

#include "check.h"
#include "../../keymaps/keymap.h"

#define MAN_PAGE "man/pupitrerc.5"

static const char *const sections[] = { "views", "functions", "options", "colors" };

/* The whole file into a malloc'd string, or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *p = realloc(buf, cap + 65536);

			if (p == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* The roff of a section, from the defaults. */
static char *
generate(const struct keymap *km, const char *section)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (f == NULL)
		return NULL;
	if (keymap_write_man(km, section, f) != 0) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* Where a section's generated text starts and ends in page, or -1. */
static int
find_section(const char *page, const char *section, const char **start, const char **end)
{
	char begin[64], stop[64];

	snprintf(begin, sizeof begin, ".\\\" BEGIN GENERATED %s\n", section);
	snprintf(stop, sizeof stop, ".\\\" END GENERATED %s\n", section);
	*start = strstr(page, begin);
	*end = *start ? strstr(*start, stop) : NULL;
	if (*start == NULL || *end == NULL)
		return -1;
	*start += strlen(begin);
	return 0;
}

/* Rewrites the generated sections of the man page; 0 when done. */
static int
update(const struct keymap *km)
{
	char *page = slurp(MAN_PAGE);
	FILE *out;
	size_t i;

	if (page == NULL)
		return -1;
	out = fopen(MAN_PAGE ".tmp", "w");
	if (out == NULL) {
		free(page);
		return -1;
	}
	{
		const char *p = page;

		for (i = 0; i < sizeof sections / sizeof sections[0]; i++) {
			const char *start, *end;

			if (find_section(p, sections[i], &start, &end) != 0) {
				fprintf(stderr, "%s: no section %s\n", MAN_PAGE, sections[i]);
				break;
			}
			fwrite(p, 1, (size_t)(start - p), out);
			keymap_write_man(km, sections[i], out);
			p = end;
		}
		fputs(p, out);
	}
	free(page);
	if (fclose(out) != 0 || i < sizeof sections / sizeof sections[0] ||
	    rename(MAN_PAGE ".tmp", MAN_PAGE) != 0) {
		remove(MAN_PAGE ".tmp");
		return -1;
	}
	return 0;
}

static struct keymap *
defaults(void)
{
	struct keymap *km = keymap_new();

	if (km != NULL && keymap_load_defaults(km, "keymaps") != 0) {
		keymap_free(km);
		return NULL;
	}
	return km;
}

static void
test_sections_up_to_date(const struct keymap *km, const char *page)
{
	size_t i;

	for (i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		const char *start, *end;
		char *want = generate(km, sections[i]);
		char what[128];

		snprintf(what, sizeof what, "section %s is up to date "
		    "(tests/unit/test_keymap_man --update rewrites it)", sections[i]);
		if (find_section(page, sections[i], &start, &end) != 0)
			CHECK(0, what);
		else
			CHECK(want != NULL && strlen(want) == (size_t)(end - start) &&
			    memcmp(want, start, (size_t)(end - start)) == 0, what);
		free(want);
	}
	CHECK_INT(keymap_write_man(km, "nope", stdout), -1, "an unknown section");
}

/* Whether page names word in bold, as the man page lists it. */
static bool
page_has(const char *page, const char *word)
{
	char escaped[128], line[160];
	size_t i, j = 0;

	for (i = 0; word[i] != '\0' && j + 2 < sizeof escaped; i++) {
		if (word[i] == '-')
			escaped[j++] = '\\';
		escaped[j++] = word[i];
	}
	escaped[j] = '\0';
	snprintf(line, sizeof line, "\n.B %s\n", escaped);
	if (strstr(page, line) != NULL)
		return true;
	snprintf(line, sizeof line, "\n\\fB%s\\fR", escaped);
	return strstr(page, line) != NULL;
}

static void
test_everything_named(const char *page)
{
	int i;

	for (i = KEYMAP_FN_NONE + 1; i < KEYMAP_FN_COUNT; i++)
		CHECK(page_has(page, keymap_function_name((enum keymap_function)i)),
		    keymap_function_name((enum keymap_function)i));
	for (i = 0; i < KEYMAP_VIEW_COUNT; i++)
		CHECK(page_has(page, keymap_view_name((enum keymap_view)i)),
		    keymap_view_name((enum keymap_view)i));
	for (i = 0; i < KEYMAP_OPT_COUNT; i++)
		CHECK(page_has(page, keymap_option_name((enum keymap_option)i)),
		    keymap_option_name((enum keymap_option)i));
	for (i = 0; i < KEYMAP_COLOR_COUNT; i++)
		CHECK(page_has(page, keymap_color_object_name((enum keymap_color_object)i)),
		    keymap_color_object_name((enum keymap_color_object)i));
	CHECK(strstr(page, "\n.BI \"macro \"") != NULL || strstr(page, "\\fBmacro\\fR") != NULL,
	    "the macro command");
}

/* The examples of the page load over the defaults without a message. */
static void
test_examples_load(const char *page)
{
	const char *start = strstr(page, "\n.SH EXAMPLES\n");
	const char *ex = start ? strstr(start, "\n.EX\n") : NULL;
	const char *end = ex ? strstr(ex, "\n.EE\n") : NULL;
	struct keymap *km = defaults();
	char *text, *p;

	CHECK(end != NULL, "the page has an example");
	if (end == NULL || km == NULL) {
		keymap_free(km);
		return;
	}
	ex += strlen("\n.EX\n");
	text = strndup(ex, (size_t)(end - ex) + 1);
	if (text != NULL) {
		/* undo the roff escapes the example needs */
		for (p = text; (p = strchr(p, '\\')) != NULL; p++) {
			if (p[1] == 'e')
				p[1] = '\\';
			memmove(p, p + 1, strlen(p));
			if (*p == '&')
				memmove(p, p + 1, strlen(p));
		}
		CHECK_INT(keymap_load_buffer(km, "example", text), 0, "the example loads");
		if (keymap_message_count(km) > 0)
			printf("# %s\n", keymap_message(km, 0)->text);
	}
	free(text);
	keymap_free(km);
}

int
main(int argc, char **argv)
{
	struct keymap *km = defaults();
	char *page;

	if (km == NULL) {
		printf("not ok - the default keymaps load\n");
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "--update") == 0) {
		int rc = update(km);

		keymap_free(km);
		if (rc != 0)
			fprintf(stderr, "%s: cannot update\n", MAN_PAGE);
		return rc == 0 ? 0 : 1;
	}
	page = slurp(MAN_PAGE);
	CHECK(page != NULL, "the man page is there");
	if (page != NULL) {
		test_sections_up_to_date(km, page);
		test_everything_named(page);
		test_examples_load(page);
	}
	free(page);
	keymap_free(km);
	return check_done("test_keymap_man");
}
