/* Checks an answer's text before the server sees it, the way the server
 * reads it: a placeholder is {{ name }} with no brace inside. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "template.h"

const char *const template_variables[] = {
	"citizen_name", "proposal_id", "proposal_title", "state", "state_reason", "district",
	"department", "stage", "merged_into", "total_cost", "edition", "agent_name",
};
const size_t template_nvariables = sizeof template_variables / sizeof template_variables[0];

int
template_is_variable(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < template_nvariables; i++)
		if (strlen(template_variables[i]) == len &&
		    strncmp(template_variables[i], name, len) == 0)
			return 1;
	return 0;
}

struct check {
	const char *text;
	struct template_error *errors;
	size_t max, count;
};

/* Characters, not bytes: UTF-8 continuation bytes do not count. */
static void
position(const char *text, size_t offset, size_t *line, size_t *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	for (i = 0; i < offset && text[i] != '\0'; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*column = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*column)++;
		}
	}
}

static void add(struct check *c, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(struct check *c, size_t offset, const char *fmt, ...)
{
	struct template_error *e;
	va_list ap;

	if (c->count++ >= c->max)
		return;
	e = &c->errors[c->count - 1];
	e->offset = offset;
	position(c->text, offset, &e->line, &e->column);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The name inside braces from..to, without the spaces around it. */
static void
trim(const char *text, size_t *from, size_t *to)
{
	while (*from < *to && is_space(text[*from]))
		(*from)++;
	while (*to > *from && is_space(text[*to - 1]))
		(*to)--;
}

/* A placeholder at i ("{{" there); returns where to go on. */
static size_t
placeholder(struct check *c, size_t i, size_t n)
{
	const char *t = c->text;
	size_t j = i + 2, from, to;

	if (j < n && t[j] == '{') {
		add(c, i, "%s", _("three braces in a row: a placeholder is written {{name}}"));
		return i + 1;
	}
	while (j < n && t[j] != '{' && t[j] != '}')
		j++;
	if (j >= n || t[j] == '{') {
		add(c, i, "%s", _("“{{” is not closed by “}}”"));
		return j;
	}
	if (j + 1 >= n || t[j + 1] != '}') {
		add(c, i, "%s", _("“{{” is closed by a single “}”: write “}}”"));
		return j + 1;
	}
	from = i + 2;
	to = j;
	trim(t, &from, &to);
	if (from == to)
		add(c, i, "%s", _("an empty placeholder: write a name between the braces"));
	else if (!template_is_variable(t + from, to - from))
		add(c, i, _("unknown placeholder {{%.*s}}"), (int)(to - from > 60 ? 60 : to - from),
		    t + from);
	return j + 2;
}

/* A single "{" at i: an error only when it holds a placeholder's name, a
 * brace is missing then; other braces are the letter's own text. */
static void
single_brace(struct check *c, size_t i, size_t n)
{
	const char *t = c->text;
	size_t j = i + 1, from, to;

	while (j < n && t[j] != '{' && t[j] != '}' && t[j] != '\n')
		j++;
	if (j >= n || t[j] != '}')
		return;
	from = i + 1;
	to = j;
	trim(t, &from, &to);
	if (template_is_variable(t + from, to - from))
		add(c, i, _("{%.*s} has one brace: write {{%.*s}}"), (int)(to - from), t + from,
		    (int)(to - from), t + from);
}

static size_t
characters(const char *text)
{
	size_t n = 0;

	for (; *text != '\0'; text++)
		if (((unsigned char)*text & 0xC0) != 0x80)
			n++;
	return n;
}

size_t
template_check(const char *text, struct template_error *errors, size_t max)
{
	struct check c = { text ? text : "", errors, errors ? max : 0, 0 };
	size_t n = strlen(c.text), i = 0, k;

	for (k = 0; k < n && is_space(c.text[k]); k++)
		;
	if (k == n) {
		add(&c, 0, "%s", _("the text is empty"));
		return c.count;
	}
	while (i < n) {
		if (c.text[i] == '{' && i + 1 < n && c.text[i + 1] == '{') {
			i = placeholder(&c, i, n);
		} else if (c.text[i] == '}' && i + 1 < n && c.text[i + 1] == '}') {
			add(&c, i, "%s", _("“}}” closes no placeholder"));
			i += 2;
		} else {
			if (c.text[i] == '{')
				single_brace(&c, i, n);
			i++;
		}
	}
	if (characters(c.text) > TEMPLATE_MAX_CHARS)
		add(&c, n, _("the text is longer than %d characters"), TEMPLATE_MAX_CHARS);
	return c.count;
}
