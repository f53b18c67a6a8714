/* The keymap: per-view binding tables and their lookup, the help made
 * from them, typed options and colours, and the messages of loading. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap_int.h"

const struct keymap_option_info keymap_options[] = {
#define KEYMAP_OPTION_ROW(id, name, type, def, min, max, values, help) \
	{ name, type, def, min, max, values, help },
	KEYMAP_OPTIONS(KEYMAP_OPTION_ROW)
#undef KEYMAP_OPTION_ROW
};

const struct keymap_color_info keymap_colors[] = {
#define KEYMAP_COLOR_ROW(id, name, fg, bg, attrs, help) { name, { fg, bg, attrs }, help },
	KEYMAP_COLORS(KEYMAP_COLOR_ROW)
#undef KEYMAP_COLOR_ROW
};

struct keymap *
keymap_new(void)
{
	struct keymap *km = calloc(1, sizeof *km);
	char err[128];
	int i;

	if (km == NULL)
		return NULL;
	for (i = 0; i < KEYMAP_OPT_COUNT; i++) {
		/* the defaults are valid: only memory can fail */
		if (keymap_set(km, (enum keymap_option)i, keymap_options[i].def, err,
		    sizeof err) != 0) {
			keymap_free(km);
			return NULL;
		}
	}
	for (i = 0; i < KEYMAP_COLOR_COUNT; i++)
		km->colors[i] = keymap_colors[i].def;
	return km;
}

static void
binding_clear(struct keymap_binding *b)
{
	free((void *)b->macro);
	free((void *)b->macro_text);
	b->macro = NULL;
	b->macro_text = NULL;
	b->nmacro = 0;
	b->function = KEYMAP_FN_NONE;
}

static void
value_clear(struct keymap_value *v)
{
	size_t i;

	for (i = 0; i < v->nitems; i++)
		free(v->items[i]);
	free(v->items);
	free(v->text);
	memset(v, 0, sizeof *v);
}

void
keymap_free(struct keymap *km)
{
	size_t i, j;

	if (km == NULL)
		return;
	for (i = 0; i < KEYMAP_VIEW_COUNT; i++) {
		for (j = 0; j < km->views[i].n; j++)
			binding_clear(&km->views[i].b[j]);
		free(km->views[i].b);
	}
	for (i = 0; i < KEYMAP_OPT_COUNT; i++)
		value_clear(&km->options[i]);
	keymap_messages_clear(km);
	free(km);
}

/* Messages */

int
keymap_add_message(struct keymap *km, const char *file, int line, const char *reason)
{
	struct keymap_message *m;
	size_t flen = file ? strlen(file) : 0, rlen, tlen;
	char *block, *text;

	if (km->nmessages > KEYMAP_MESSAGES_MAX)
		return 0;
	if (km->nmessages == KEYMAP_MESSAGES_MAX) {
		file = NULL;
		flen = 0;
		line = 0;
		reason = _("too many errors: the others are not shown");
	}
	if (km->nmessages == km->capmessages) {
		size_t cap = km->capmessages ? km->capmessages * 2 : 8;

		m = realloc(km->messages, cap * sizeof *m);
		if (m == NULL)
			return -1;
		km->messages = m;
		km->capmessages = cap;
	}
	rlen = strlen(reason);
	tlen = flen + rlen + 32;
	/* one block: file, reason, then the whole line */
	block = malloc(flen + 1 + rlen + 1 + tlen);
	if (block == NULL)
		return -1;
	memcpy(block, file ? file : "", flen + 1);
	memcpy(block + flen + 1, reason, rlen + 1);
	text = block + flen + 1 + rlen + 1;
	if (file == NULL)
		snprintf(text, tlen, "%s", reason);
	else if (line > 0)
		snprintf(text, tlen, "%s:%d: %s", file, line, reason);
	else
		snprintf(text, tlen, "%s: %s", file, reason);
	m = &km->messages[km->nmessages++];
	m->file = block;
	m->line = line;
	m->reason = block + flen + 1;
	m->text = text;
	return 0;
}

size_t
keymap_message_count(const struct keymap *km)
{
	return km->nmessages;
}

const struct keymap_message *
keymap_message(const struct keymap *km, size_t i)
{
	return i < km->nmessages ? &km->messages[i] : NULL;
}

void
keymap_messages_clear(struct keymap *km)
{
	size_t i;

	for (i = 0; i < km->nmessages; i++)
		free((void *)km->messages[i].file);
	free(km->messages);
	km->messages = NULL;
	km->nmessages = km->capmessages = 0;
}

/* Bindings */

/* The index of key's entry in t, or t->n when it has none. */
static size_t
table_find(const struct keymap_table *t, int key)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->b[i].key == key)
			break;
	return i;
}

/* The entry of key in table, made (as an unbind) when make is set; NULL
 * when absent, or out of memory. */
static struct keymap_binding *
table_entry(struct keymap *km, enum keymap_view view, int key, bool make)
{
	struct keymap_table *t = &km->views[view];
	size_t i = table_find(t, key);

	if (i < t->n)
		return &t->b[i];
	if (!make)
		return NULL;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct keymap_binding *b = realloc(t->b, cap * sizeof *b);

		if (b == NULL)
			return NULL;
		t->b = b;
		t->cap = cap;
	}
	memset(&t->b[t->n], 0, sizeof t->b[t->n]);
	t->b[t->n].key = key;
	t->b[t->n].view = view;
	return &t->b[t->n++];
}

int
keymap_bind(struct keymap *km, enum keymap_view view, int key, enum keymap_function fn)
{
	struct keymap_binding *b;

	if (!keymap_function_allowed(fn, view) || !keymap_key_valid(key))
		return -2;
	b = table_entry(km, view, key, true);
	if (b == NULL)
		return -1;
	binding_clear(b);
	b->function = fn;
	return 0;
}

int
keymap_macro(struct keymap *km, enum keymap_view view, int key, const char *keys)
{
	int buf[KEYMAP_MACRO_MAX];
	struct keymap_binding *b;
	int n, *copy;
	char *text;

	if ((unsigned)view >= KEYMAP_VIEW_COUNT || !keymap_key_valid(key))
		return -2;
	n = keymap_keys_parse(keys, buf, KEYMAP_MACRO_MAX);
	if (n <= 0)
		return -2;
	copy = malloc((size_t)n * sizeof *copy);
	text = strdup(keys);
	b = copy && text ? table_entry(km, view, key, true) : NULL;
	if (b == NULL) {
		free(copy);
		free(text);
		return -1;
	}
	binding_clear(b);
	memcpy(copy, buf, (size_t)n * sizeof *copy);
	b->macro = copy;
	b->nmacro = (size_t)n;
	b->macro_text = text;
	return 0;
}

bool
keymap_unbind(struct keymap *km, enum keymap_view view, int key)
{
	bool was = keymap_lookup(km, view, key) != NULL;
	struct keymap_binding *b;

	if ((unsigned)view >= KEYMAP_VIEW_COUNT)
		return false;
	/*
	 * An explicit "nothing" entry, so that the key does not fall through
	 * to generic; when there is nothing to hide, no entry at all.
	 */
	b = table_entry(km, view, key, was);
	if (b != NULL)
		binding_clear(b);
	return was;
}

const struct keymap_binding *
keymap_lookup(const struct keymap *km, enum keymap_view view, int key)
{
	const struct keymap_table *t;
	const struct keymap_binding *b;
	size_t i;

	if ((unsigned)view >= KEYMAP_VIEW_COUNT)
		return NULL;
	t = &km->views[view];
	i = table_find(t, key);
	if (i == t->n && view != KEYMAP_VIEW_GENERIC && keymap_view_inherits(view)) {
		t = &km->views[KEYMAP_VIEW_GENERIC];
		i = table_find(t, key);
	}
	if (i == t->n)
		return NULL;
	b = &t->b[i];
	/* an unbind entry: nothing, and no fall through */
	return b->function == KEYMAP_FN_NONE && b->macro == NULL ? NULL : b;
}

/* Help */

/* Appends a key's name to a list of names; stops with "..." when full. */
static void
keys_append(char *buf, size_t size, size_t count, int key)
{
	char name[KEYMAP_KEY_NAME_MAX];
	size_t len = strlen(buf);

	if (keymap_key_name(key, name, sizeof name) == NULL)
		return;
	if (len >= 3 && strcmp(buf + len - 3, "...") == 0)
		return;
	/* room for this name and a later ", ..." */
	if (len + 2 + strlen(name) + 5 < size)
		snprintf(buf + len, size - len, "%s%s", count ? ", " : "", name);
	else
		snprintf(buf + len, size - len, "%s", count ? ", ..." : "...");
}

size_t
keymap_keys_of(const struct keymap *km, enum keymap_view table, enum keymap_view view,
    enum keymap_function fn, char *buf, size_t size)
{
	const struct keymap_table *t = &km->views[table];
	size_t i, count = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < t->n; i++) {
		const struct keymap_binding *b = &t->b[i];

		if (b->function != fn || b->macro != NULL || fn == KEYMAP_FN_NONE ||
		    keymap_lookup(km, view, b->key) != b)
			continue;
		if (size > 0)
			keys_append(buf, size, count, b->key);
		count++;
	}
	return count;
}

/* Whether the help of view lists fn among its functions. */
static bool
help_lists(enum keymap_view view, enum keymap_function fn)
{
	unsigned mask = keymap_function_views(fn);

	if (mask & (1u << view))
		return true;
	return (mask & KEYMAP_IN(GENERIC)) && keymap_view_inherits(view);
}

struct keymap_help *
keymap_help(const struct keymap *km, enum keymap_view view, size_t *n)
{
	enum keymap_view sections[2];
	struct keymap_help *h;
	size_t nsections = 0, max = KEYMAP_FN_COUNT, count = 0, s, i;
	int fn;

	*n = 0;
	if ((unsigned)view >= KEYMAP_VIEW_COUNT)
		return NULL;
	sections[nsections++] = view;
	if (view != KEYMAP_VIEW_GENERIC && keymap_view_inherits(view))
		sections[nsections++] = KEYMAP_VIEW_GENERIC;
	for (s = 0; s < nsections; s++)
		max += km->views[sections[s]].n;
	h = calloc(max, sizeof *h);
	if (h == NULL)
		return NULL;
	for (s = 0; s < nsections; s++) {
		const struct keymap_table *t = &km->views[sections[s]];

		for (fn = KEYMAP_FN_NONE + 1; fn < KEYMAP_FN_COUNT; fn++) {
			if (keymap_keys_of(km, sections[s], view, (enum keymap_function)fn,
			    h[count].keys, sizeof h[count].keys) == 0)
				continue;
			h[count].view = sections[s];
			h[count].function = (enum keymap_function)fn;
			h[count].name = keymap_function_name((enum keymap_function)fn);
			h[count].text = keymap_function_help((enum keymap_function)fn);
			count++;
		}
		for (i = 0; i < t->n; i++) {
			const struct keymap_binding *b = &t->b[i];

			if (b->macro == NULL || keymap_lookup(km, view, b->key) != b)
				continue;
			keys_append(h[count].keys, sizeof h[count].keys, 0, b->key);
			h[count].view = sections[s];
			h[count].function = KEYMAP_FN_NONE;
			h[count].name = "macro";
			h[count].text = b->macro_text;
			count++;
		}
	}
	/* the functions of this view that no key calls, so that they can be
	 * found and bound */
	for (fn = KEYMAP_FN_NONE + 1; fn < KEYMAP_FN_COUNT; fn++) {
		bool found = false;

		if (!help_lists(view, (enum keymap_function)fn))
			continue;
		for (i = 0; i < count && !found; i++)
			found = h[i].function == (enum keymap_function)fn;
		if (found)
			continue;
		h[count].view = (keymap_function_views((enum keymap_function)fn) & (1u << view)) ?
		    view : KEYMAP_VIEW_GENERIC;
		h[count].function = (enum keymap_function)fn;
		h[count].name = keymap_function_name((enum keymap_function)fn);
		h[count].text = keymap_function_help((enum keymap_function)fn);
		count++;
	}
	if (count == 0) {
		free(h);
		return NULL;
	}
	*n = count;
	return h;
}

/* Options */

const char *
keymap_option_name(enum keymap_option opt)
{
	return (unsigned)opt < KEYMAP_OPT_COUNT ? keymap_options[opt].name : NULL;
}

int
keymap_option_by_name(const char *name)
{
	int i;

	for (i = 0; i < KEYMAP_OPT_COUNT; i++)
		if (strcmp(keymap_options[i].name, name) == 0)
			return i;
	return -1;
}

bool
keymap_option_bool(const struct keymap *km, enum keymap_option opt)
{
	return km->options[opt].b;
}

long
keymap_option_int(const struct keymap *km, enum keymap_option opt)
{
	return km->options[opt].i;
}

int
keymap_option_enum(const struct keymap *km, enum keymap_option opt)
{
	return km->options[opt].e;
}

size_t
keymap_option_list(const struct keymap *km, enum keymap_option opt, const char *const **items)
{
	*items = (const char *const *)km->options[opt].items;
	return km->options[opt].nitems;
}

const char *
keymap_option_string(const struct keymap *km, enum keymap_option opt)
{
	return km->options[opt].text;
}

static int
parse_bool(const char *s, bool *b)
{
	static const char *const yes[] = { "yes", "on", "true", "1" };
	static const char *const no[] = { "no", "off", "false", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = false;
			return 0;
		}
	}
	return -1;
}

/* The index of value among an enum's "a|b|c" choices, or -1. */
static int
parse_enum(const char *values, const char *value)
{
	size_t len = strlen(value);
	const char *p = values;
	int i = 0;

	for (;;) {
		const char *end = strchr(p, '|');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && strncmp(p, value, n) == 0)
			return i;
		if (end == NULL)
			return -1;
		p = end + 1;
		i++;
	}
}

/* Splits "a, b,c" into trimmed items and their canonical "a,b,c"; -2 for
 * an empty item, -1 out of memory. */
static int
parse_list(const char *value, struct keymap_value *v)
{
	size_t cap = 1, i, len = 0;
	const char *p;

	for (p = value; *p; p++)
		cap += *p == ',';
	v->items = calloc(cap, sizeof *v->items);
	v->text = malloc(strlen(value) + 1);
	if (v->items == NULL || v->text == NULL)
		return -1;
	v->text[0] = '\0';
	for (p = value, i = 0; i < cap; i++) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0)
			return -2;
		v->items[i] = strndup(p, n);
		if (v->items[i] == NULL)
			return -1;
		v->nitems++;
		len += (size_t)snprintf(v->text + len, strlen(value) + 1 - len, "%s%s",
		    i ? "," : "", v->items[i]);
		if (end != NULL)
			p = end + 1;
	}
	return 0;
}

int
keymap_set(struct keymap *km, enum keymap_option opt, const char *value, char *err,
    size_t errsize)
{
	const struct keymap_option_info *o;
	struct keymap_value v;
	char *end;
	int rc;

	if ((unsigned)opt >= KEYMAP_OPT_COUNT)
		return -2;
	o = &keymap_options[opt];
	memset(&v, 0, sizeof v);
	switch (o->type) {
	case KEYMAP_BOOL:
		if (parse_bool(value, &v.b) != 0) {
			snprintf(err, errsize, _("option %s takes yes or no, not \"%s\""),
			    o->name, value);
			return -2;
		}
		v.text = strdup(v.b ? "yes" : "no");
		break;
	case KEYMAP_INT:
		errno = 0;
		v.i = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || errno != 0) {
			snprintf(err, errsize, _("option %s takes a whole number, not \"%s\""),
			    o->name, value);
			return -2;
		}
		if (v.i < o->min || v.i > o->max) {
			snprintf(err, errsize, _("option %s takes a number from %ld to %ld, not %ld"),
			    o->name, o->min, o->max, v.i);
			return -2;
		}
		v.text = malloc(24);
		if (v.text != NULL)
			snprintf(v.text, 24, "%ld", v.i);
		break;
	case KEYMAP_STRING:
		v.text = strdup(value);
		break;
	case KEYMAP_LIST:
		rc = parse_list(value, &v);
		if (rc != 0) {
			value_clear(&v);
			if (rc == -2)
				snprintf(err, errsize, _("option %s takes a comma-separated list "
				    "with no empty item, not \"%s\""), o->name, value);
			return rc;
		}
		break;
	case KEYMAP_ENUM:
		v.e = parse_enum(o->values, value);
		if (v.e < 0) {
			snprintf(err, errsize, _("option %s takes one of %s, not \"%s\""),
			    o->name, o->values, value);
			return -2;
		}
		v.text = strdup(value);
		break;
	}
	if (v.text == NULL) {
		value_clear(&v);
		return -1;
	}
	value_clear(&km->options[opt]);
	km->options[opt] = v;
	return 0;
}

/* Colours */

const struct keymap_color *
keymap_color(const struct keymap *km, enum keymap_color_object obj)
{
	return (unsigned)obj < KEYMAP_COLOR_COUNT ? &km->colors[obj] : NULL;
}

const char *
keymap_color_object_name(enum keymap_color_object obj)
{
	return (unsigned)obj < KEYMAP_COLOR_COUNT ? keymap_colors[obj].name : NULL;
}

void
keymap_set_color(struct keymap *km, enum keymap_color_object obj, const struct keymap_color *c)
{
	if ((unsigned)obj < KEYMAP_COLOR_COUNT)
		km->colors[obj] = *c;
}
