/* The pattern language of pattern.h: one table of flags, a recursive-descent
 * parser to a small tree, and the evaluation of that tree against one item. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "i18n.h"
#include "pattern.h"

/* Parentheses and ! nest at most this deep: the parser and the evaluation
 * recurse, and a hostile paste must not exhaust the stack. */
#define PATTERN_MAX_DEPTH 64

enum pattern_arg {
	ARG_NONE,	/* ~h ~q ~m: a bool of the item */
	ARG_REGEX,	/* ~b ~a: a string of the item, by regex */
	ARG_WORD,	/* a bare word: body, title or author, by regex */
	ARG_REASON,	/* ~r: a bit of reasons */
	ARG_NAME,	/* ~t ~s ~S: a string of the item equal to one of names */
	ARG_RANGE,	/* ~n ~c ~e: a number of the item in [lo, hi] */
	ARG_DATE,	/* ~d: the date in [lo, hi) */
	ARG_CODE,	/* ~D ~p: the code equal, or the name by regex */
};

enum pattern_num { NUM_LONG, NUM_LLONG, NUM_INT };

struct pattern_flag {
	char letter;
	enum pattern_arg arg;
	size_t field;			/* offsetof(struct pattern_item, ...) */
	size_t field2;			/* ARG_CODE: the name */
	enum pattern_num num;		/* ARG_RANGE: the type of field */
	long long scale;		/* ARG_RANGE: field units per unit typed */
	long long absent_below;		/* ARG_RANGE: lower values mean "none" */
	const char *const *names;	/* ARG_NAME, ARG_REASON: NULL-terminated */
	const char *usage;		/* what the argument should look like */
};

/* In the order of enum pattern_reason. */
static const char *const pattern_reasons[] = {
	"spam", "offensive", "off_topic", "personal_data", "other", NULL
};
static const char *const pattern_types[] = { "comment", "proposal", NULL };
static const char *const pattern_states[] = {
	"submitted", "admissible", "inadmissible", "costing", "costed", "merged",
	"selected", "not_selected", "winner", "not_winner", "withdrawn", NULL
};
static const char *const pattern_stages[] = {
	"not_started", "studies", "procedures", "works", "delivery", "done",
	"abandoned", NULL
};

#define F(name) offsetof(struct pattern_item, name)

static const struct pattern_flag pattern_flags[] = {
	{ 'b', ARG_REGEX, F(body), 0, 0, 0, 0, NULL,
	  N_("~b wants a regular expression") },
	{ 'a', ARG_REGEX, F(author), 0, 0, 0, 0, NULL,
	  N_("~a wants a regular expression") },
	{ 'r', ARG_REASON, 0, 0, 0, 0, 0, pattern_reasons,
	  N_("~r wants a reason: spam, offensive, off_topic, personal_data or other") },
	{ 'n', ARG_RANGE, F(reports), 0, NUM_LONG, 1, 0, NULL,
	  N_("~n wants a range like 3-10 (or 3, 3-, -10)") },
	{ 'd', ARG_DATE, F(date), 0, 0, 0, 0, NULL,
	  N_("~d wants an age like <2d or >1w (m h d w), a date like 2026-01-31 "
	     "or a range like 2026-01-01-2026-02-01") },
	{ 'D', ARG_CODE, F(district_code), F(district_name), 0, 0, 0, NULL,
	  N_("~D wants a district code or a regular expression for its name") },
	{ 'h', ARG_NONE, F(hidden), 0, 0, 0, 0, NULL, NULL },
	{ 't', ARG_NAME, F(type), 0, 0, 0, 0, pattern_types,
	  N_("~t wants comment or proposal") },
	{ 's', ARG_NAME, F(state), 0, 0, 0, 0, pattern_states,
	  N_("~s wants a state: submitted, admissible, inadmissible, costing, costed, "
	     "merged, selected, not_selected, winner, not_winner or withdrawn") },
	{ 'S', ARG_NAME, F(stage), 0, 0, 0, 0, pattern_stages,
	  N_("~S wants a stage: not_started, studies, procedures, works, delivery, "
	     "done or abandoned") },
	{ 'p', ARG_CODE, F(department_code), F(department_name), 0, 0, 0, NULL,
	  N_("~p wants a department code or a regular expression for its name") },
	{ 'c', ARG_RANGE, F(cost_cents), 0, NUM_LLONG, 100, 0, NULL,
	  N_("~c wants a range of euros like 10000-50000 (or 10000-, -50000)") },
	{ 'e', ARG_RANGE, F(edition), 0, NUM_INT, 1, 1, NULL,
	  N_("~e wants an edition year like 2026 (or a range like 2024-2026)") },
	{ 'q', ARG_NONE, F(priority), 0, 0, 0, 0, NULL, NULL },
	{ 'm', ARG_NONE, F(mine), 0, 0, 0, 0, NULL, NULL },
};

/* A bare word: a regex over body, title and author. */
static const struct pattern_flag pattern_word = {
	0, ARG_WORD, F(body), 0, 0, 0, 0, NULL, NULL
};

#undef F

enum node_kind { NODE_AND, NODE_OR, NODE_NOT, NODE_TEST };

struct node {
	enum node_kind kind;
	const struct pattern_flag *flag;	/* NODE_TEST */
	struct node **kids;		/* NODE_AND, NODE_OR; NODE_NOT has one */
	size_t nkids;
	pcre2_code *re;			/* ARG_REGEX, ARG_WORD, ARG_CODE */
	bool jit;			/* re is JIT compiled */
	char *code;			/* ARG_CODE */
	int name;			/* ARG_NAME, ARG_REASON: index in flag->names */
	long long lo, hi;		/* ARG_RANGE: [lo, hi]; ARG_DATE: [lo, hi) */
	struct node *chain;		/* every node of the pattern, to free them */
};

struct pattern {
	struct node *root;
	struct node *nodes;		/* the chain of all nodes */
	pcre2_match_data *md;		/* one for all matches: single-threaded */
	pcre2_code **marks;		/* body and word regexes outside any ! */
	size_t nmarks;
};

struct parser {
	const char *src;
	size_t pos;
	time_t now;
	int depth;
	struct pattern *p;
	struct pattern_error *err;
};

/* Fills the error; returns NULL so that parse functions can return it. */
__attribute__((format(printf, 3, 4)))
static void *
fail(struct parser *ps, size_t offset, const char *fmt, ...)
{
	va_list ap;

	ps->err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(ps->err->message, sizeof ps->err->message, fmt, ap);
	va_end(ap);
	return NULL;
}

static void *
fail_usage(struct parser *ps, size_t offset, const struct pattern_flag *flag)
{
	return fail(ps, offset, "%s", _(flag->usage));
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void
skip_spaces(struct parser *ps)
{
	while (is_space(ps->src[ps->pos]))
		ps->pos++;
}

static struct node *
node_new(struct parser *ps, enum node_kind kind)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return fail(ps, ps->pos, "%s", _("out of memory"));
	n->kind = kind;
	n->chain = ps->p->nodes;
	ps->p->nodes = n;
	return n;
}

static bool
node_add(struct parser *ps, struct node *parent, struct node *kid)
{
	struct node **kids;

	/* Grows at powers of two: a long list of words stays linear. */
	if ((parent->nkids & (parent->nkids - 1)) == 0) {
		size_t cap = parent->nkids == 0 ? 1 : parent->nkids * 2;

		kids = realloc(parent->kids, cap * sizeof *kids);
		if (kids == NULL) {
			fail(ps, ps->pos, "%s", _("out of memory"));
			return false;
		}
		parent->kids = kids;
	}
	parent->kids[parent->nkids++] = kid;
	return true;
}

/* The end of the bracket class opening at s[i] (its ']'), or i when it is
 * not one (no ']' before a space or the end). */
static size_t
skip_class(const char *s, size_t i)
{
	size_t j = i + 1;

	if (s[j] == '^')
		j++;
	if (s[j] == ']')
		j++;
	while (s[j] != '\0' && s[j] != ']' && !is_space(s[j]))
		j += s[j] == '\\' && s[j + 1] != '\0' && !is_space(s[j + 1]) ? 2 : 1;
	return s[j] == ']' ? j : i;
}

/*
 * Reads the argument or bare word at ps->pos into a malloc'd string:
 * "quoted" (where \" is a quote and any other backslash stays, for the
 * regex), or a run that ends at a space, or at a | or ) outside its own
 * parentheses and brackets (so that "(~b foo|bar)" reads "~b foo" or
 * "bar", and "~b (a|b)c" one regex). *start is where the value's text
 * begins in the source.
 */
static char *
lex_value(struct parser *ps, size_t *start, bool *quoted)
{
	const char *s = ps->src;
	size_t i = ps->pos, n = 0, depth = 0;
	char *v;

	if (s[i] == '"') {
		*quoted = true;
		*start = i + 1;
		v = malloc(strlen(s + i));
		if (v == NULL)
			return fail(ps, i, "%s", _("out of memory"));
		for (i++; s[i] != '\0' && s[i] != '"'; i++) {
			if (s[i] == '\\' && s[i + 1] == '"')
				i++;
			else if (s[i] == '\\' && s[i + 1] != '\0')
				v[n++] = s[i++];
			v[n++] = s[i];
		}
		if (s[i] != '"') {
			free(v);
			return fail(ps, ps->pos, "%s", _("unterminated quote"));
		}
		v[n] = '\0';
		ps->pos = i + 1;
		return v;
	}
	*quoted = false;
	*start = i;
	for (; s[i] != '\0' && !is_space(s[i]); i++) {
		if (s[i] == '\\' && s[i + 1] != '\0')
			i++;
		else if (s[i] == '[')
			i = skip_class(s, i);
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth == 0)
			break;
		else if (s[i] == ')')
			depth--;
		else if (s[i] == '|' && depth == 0)
			break;
	}
	v = strndup(s + *start, i - *start);
	if (v == NULL)
		return fail(ps, *start, "%s", _("out of memory"));
	ps->pos = i;
	return v;
}

/* The source offset of byte off of a value read by lex_value. */
static size_t
source_offset(const char *src, size_t start, bool quoted, size_t off)
{
	size_t i = start, k = 0;

	if (!quoted)
		return start + off;
	while (k < off && src[i] != '\0' && src[i] != '"') {
		if (src[i] == '\\' && src[i + 1] == '"') {
			i += 2;
			k++;
		} else if (src[i] == '\\' && src[i + 1] != '\0') {
			if (k + 1 == off)	/* an escape the regex sees as is */
				return i + 1;
			i += 2;
			k += 2;
		} else {
			i++;
			k++;
		}
	}
	return i;
}

/* Smart case: whether the regex has an upper-case letter of its own (not
 * the letter of an escape like \S or \p{Lu}). */
static bool
has_upper(const char *re)
{
	const char *s = re;
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof st);
	while (*s != '\0') {
		if (*s == '\\' && s[1] != '\0') {
			s += 2;
			if (strchr("pPxNo", s[-1]) != NULL && *s == '{')
				while (*s != '\0' && *s++ != '}')
					;
			continue;
		}
		if ((unsigned char)*s < 0x80) {
			if (*s >= 'A' && *s <= 'Z')
				return true;
			s++;
			continue;
		}
		n = mbrtowc(&wc, s, strlen(s), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			s++;
			continue;
		}
		if (iswupper((wint_t)wc))
			return true;
		s += n;
	}
	return false;
}

/*
 * Caseless, PCRE2 makes s match U+017F (long s) and k U+212A (Kelvin sign)
 * too; as the first character of a regex, that costs the JIT its fast scan
 * for where a match can start: "spam" is 5 times slower than "pam". No
 * one means those two, and PCRE2 10.43 can turn them off for all
 * (PCRE2_EXTRA_CASELESS_RESTRICT); before it, a leading s or k is made
 * ASCII-only here. Returns the regex to compile (in *owned when not re; NULL
 * when out of memory) and in *shift the bytes added before re's own.
 */
static const char *
restrict_first(const char *re, bool caseless, size_t *shift, char **owned)
{
	*shift = 0;
	*owned = NULL;
#ifndef PCRE2_EXTRA_CASELESS_RESTRICT
	if (caseless && (re[0] == 's' || re[0] == 'k')) {
		static const char group[] = "(?-i:[xX])";
		size_t len = strlen(re);

		*owned = malloc(len + sizeof group - 1);
		if (*owned == NULL)
			return NULL;
		memcpy(*owned, group, sizeof group - 1);
		(*owned)[6] = re[0];
		(*owned)[7] = (char)(re[0] - 'a' + 'A');
		memcpy(*owned + sizeof group - 1, re + 1, len);	/* with the NUL */
		*shift = sizeof group - 2;
		return *owned;
	}
#else
	(void)caseless;
#endif
	return re;
}

static pcre2_code *
compile_regex(struct parser *ps, const struct pattern_flag *flag, const char *re,
    size_t start, bool quoted, bool *jit)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	pcre2_compile_context *cc = NULL;
	PCRE2_UCHAR msg[120];
	PCRE2_SIZE erroff;
	pcre2_code *code;
	size_t at, shift;
	const char *use;
	char *owned;
	int rc;

#ifdef PCRE2_MATCH_INVALID_UTF
	opts |= PCRE2_MATCH_INVALID_UTF;	/* a bad byte cannot make a match fail */
#endif
	if (!has_upper(re))
		opts |= PCRE2_CASELESS;
#ifdef PCRE2_EXTRA_CASELESS_RESTRICT
	cc = pcre2_compile_context_create(NULL);
	if (cc == NULL)
		return fail(ps, start, "%s", _("out of memory"));
	pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_CASELESS_RESTRICT);
#endif
	use = restrict_first(re, opts & PCRE2_CASELESS, &shift, &owned);
	if (use == NULL) {
		pcre2_compile_context_free(cc);
		return fail(ps, start, "%s", _("out of memory"));
	}
	code = pcre2_compile((PCRE2_SPTR)use, strlen(use), opts, &rc, &erroff, cc);
	free(owned);
	pcre2_compile_context_free(cc);
	if (code == NULL) {
		if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
			msg[0] = '\0';
		erroff = erroff > shift ? erroff - shift : 0;
		at = source_offset(ps->src, start, quoted, erroff);
		if (flag->letter != 0)
			return fail(ps, at, _("~%c: bad regular expression: %s"), flag->letter,
			    (const char *)msg);
		return fail(ps, at, _("bad regular expression: %s"), (const char *)msg);
	}
	/* Else interpreted: slower, same results. */
	*jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	return code;
}

/* Reads digits at *s into *v; 0 when there are none, -1 when too large. */
static int
read_number(const char **s, long long *v)
{
	const char *p = *s;

	*v = 0;
	if (*p < '0' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (*v > (LLONG_MAX - (*p - '0')) / 10)
			return -1;
		*v = *v * 10 + (*p - '0');
	}
	*s = p;
	return 1;
}

static void *
compile_range(struct parser *ps, struct node *n, const char *v, size_t at)
{
	const struct pattern_flag *flag = n->flag;
	const char *s = v;
	long long lo = 0, hi = LLONG_MAX;
	int r1 = 1, r2 = 1;

	if (*s != '-') {
		r1 = read_number(&s, &lo);
		if (r1 > 0 && *s == '\0')
			hi = lo;
		else if (r1 > 0 && *s == '-' && *++s != '\0')
			r2 = read_number(&s, &hi);
	} else {
		s++;
		r2 = read_number(&s, &hi);
	}
	if (r1 < 0 || r2 < 0)
		return fail(ps, at, _("~%c: the number is too large"), flag->letter);
	if (r1 == 0 || r2 == 0 || *s != '\0')
		return fail_usage(ps, at, flag);
	if (lo > hi)
		return fail(ps, at, _("~%c: the range %.40s is empty: its minimum is above its maximum"),
		    flag->letter, v);
	if (lo > LLONG_MAX / flag->scale)
		return fail(ps, at, _("~%c: the number is too large"), flag->letter);
	n->lo = lo * flag->scale;
	n->hi = hi > LLONG_MAX / flag->scale ? LLONG_MAX : hi * flag->scale;
	return n;
}

/* Reads YYYY-MM-DD at s into the local time of the start of that day plus
 * days; 0 when s is not of that form, -1 when it is not a date. */
static int
read_day(const char *s, int days, long long *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct tm tm;
	int y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + days;	/* mktime carries into the next month */
	tm.tm_isdst = -1;
	*t = (long long)mktime(&tm);
	return 1;
}

/* Ages: the seconds of each unit of <AGE and >AGE. */
static const struct {
	char unit;
	long long seconds;
} pattern_ages[] = {
	{ 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 7 * 86400 },
};

static void *
compile_date(struct parser *ps, struct node *n, const char *v, size_t at)
{
	const char *s = v + 1;
	long long num, age = 0, t;
	size_t i;
	int r;

	if (v[0] == '<' || v[0] == '>') {
		r = read_number(&s, &num);
		if (r < 0)
			return fail(ps, at, _("~%c: the number is too large"), 'd');
		for (i = 0; r > 0 && i < sizeof pattern_ages / sizeof pattern_ages[0]; i++)
			if (s[0] == pattern_ages[i].unit && s[1] == '\0')
				break;
		if (r == 0 || i == sizeof pattern_ages / sizeof pattern_ages[0])
			return fail_usage(ps, at, n->flag);
		if (num > LLONG_MAX / 2 / pattern_ages[i].seconds)
			return fail(ps, at, _("~%c: the number is too large"), 'd');
		age = num * pattern_ages[i].seconds;
		/* Younger than age: after now - age; older: before it. */
		if (v[0] == '<') {
			n->lo = (long long)ps->now - age + 1;
			n->hi = LLONG_MAX;
		} else {
			n->lo = LLONG_MIN;
			n->hi = (long long)ps->now - age;
		}
		return n;
	}
	if (v[0] == '-') {	/* -DATE: until that day, inclusive */
		if ((r = read_day(s, 1, &t)) <= 0 || s[10] != '\0')
			goto bad;
		n->lo = LLONG_MIN;
		n->hi = t;
		return n;
	}
	s = v;
	if ((r = read_day(s, 0, &n->lo)) <= 0)
		goto bad;
	if (s[10] == '\0') {	/* that day */
		read_day(s, 1, &n->hi);
		return n;
	}
	if (s[10] != '-')
		goto bad;
	if (s[11] == '\0') {	/* DATE-: from that day on */
		n->hi = LLONG_MAX;
		return n;
	}
	s += 11;
	if ((r = read_day(s, 1, &n->hi)) <= 0 || s[10] != '\0')
		goto bad;
	if (n->hi <= n->lo)
		return fail(ps, at, _("~%c: the range %.40s is empty: its first day is after its last"),
		    'd', v);
	return n;
bad:
	if (r < 0)
		return fail(ps, at + (size_t)(s - v), _("~%c: %.10s is not a date"), 'd', s);
	return fail_usage(ps, at, n->flag);
}

/*
 * The index of v in names: the name itself, else the one whose first word
 * is v ("off" is off_topic, not offensive), else the one v begins. Case
 * does not matter and - stands for _.
 */
static void *
compile_name(struct parser *ps, struct node *n, char *v, size_t at)
{
	const char *const *names = n->flag->names;
	size_t len = strlen(v), i, found = 0, pass;
	char list[120];
	int which[16];
	size_t used;

	if (len == 0)
		return fail_usage(ps, at, n->flag);
	for (i = 0; i < len; i++)
		v[i] = v[i] == '-' ? '_' : v[i] >= 'A' && v[i] <= 'Z' ? (char)(v[i] - 'A' + 'a') : v[i];
	for (pass = 0; pass < 3 && found == 0; pass++)
		for (i = 0; names[i] != NULL; i++) {
			if (strncmp(names[i], v, len) != 0)
				continue;
			if (found < sizeof which / sizeof which[0] &&
			    ((pass == 0 && names[i][len] == '\0') ||
			    (pass == 1 && names[i][len] == '_') || pass == 2))
				which[found++] = (int)i;
		}
	if (found == 1) {
		n->name = which[0];
		return n;
	}
	if (found == 0)
		return fail_usage(ps, at, n->flag);
	list[0] = '\0';
	for (i = 0, used = 0; i < found && used < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
		    i > 0 ? ", " : "", names[which[i]]);
	return fail(ps, at, _("~%c: \"%.40s\" could be any of: %s"), n->flag->letter, v, list);
}

static struct node *
compile_test(struct parser *ps, const struct pattern_flag *flag, char *v, size_t at,
    bool quoted)
{
	struct node *n = node_new(ps, NODE_TEST);

	if (n == NULL)
		return NULL;
	n->flag = flag;
	switch (flag->arg) {
	case ARG_NONE:
		return n;
	case ARG_REGEX:
	case ARG_WORD:
		n->re = compile_regex(ps, flag, v, at, quoted, &n->jit);
		return n->re != NULL ? n : NULL;
	case ARG_CODE:
		n->re = compile_regex(ps, flag, v, at, quoted, &n->jit);
		n->code = strdup(v);
		if (n->code == NULL)
			return fail(ps, at, "%s", _("out of memory"));
		return n->re != NULL ? n : NULL;
	case ARG_REASON:
	case ARG_NAME:
		return compile_name(ps, n, v, at);
	case ARG_RANGE:
		return compile_range(ps, n, v, at);
	case ARG_DATE:
		return compile_date(ps, n, v, at);
	}
	return NULL;
}

static const struct pattern_flag *
find_flag(char letter)
{
	size_t i;

	for (i = 0; i < sizeof pattern_flags / sizeof pattern_flags[0]; i++)
		if (pattern_flags[i].letter == letter)
			return &pattern_flags[i];
	return NULL;
}

/* The bytes of the UTF-8 character that starts at s (1 when not one). */
static int
char_len(const char *s)
{
	int n = 1;

	if ((unsigned char)s[0] >= 0xC0)
		while (n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
	return n;
}

static struct node *
parse_flag(struct parser *ps)
{
	const struct pattern_flag *flag;
	size_t at = ps->pos, start;
	struct node *n;
	char c = ps->src[at + 1];
	bool quoted;
	char *v;

	if (c == '\0' || is_space(c))
		return fail(ps, at, "%s", _("a pattern letter must follow ~ (like ~b for the body)"));
	flag = find_flag(c);
	if (flag == NULL)
		return fail(ps, at, _("unknown pattern ~%.*s"), char_len(ps->src + at + 1),
		    ps->src + at + 1);
	ps->pos = at + 2;
	if (flag->arg == ARG_NONE) {
		c = ps->src[ps->pos];
		if (c != '\0' && !is_space(c) && strchr("|()!~", c) == NULL)
			return fail(ps, ps->pos, _("~%c takes no argument"), flag->letter);
		return compile_test(ps, flag, NULL, at, false);
	}
	skip_spaces(ps);
	c = ps->src[ps->pos];
	if (c == '\0' || c == '|' || c == ')')
		return fail_usage(ps, ps->pos, flag);
	v = lex_value(ps, &start, &quoted);
	if (v == NULL)
		return NULL;
	n = compile_test(ps, flag, v, start, quoted);
	free(v);
	return n;
}

static struct node *parse_or(struct parser *ps);

static struct node *
parse_unary(struct parser *ps)
{
	size_t at;
	struct node *n, *kid;
	char c;
	bool quoted;
	char *v;

	skip_spaces(ps);
	at = ps->pos;
	c = ps->src[at];
	if ((c == '!' || c == '(') && ps->depth >= PATTERN_MAX_DEPTH)
		return fail(ps, at, _("the pattern nests too deep (more than %d levels)"),
		    PATTERN_MAX_DEPTH);
	if (c == '!') {
		ps->pos++;
		skip_spaces(ps);
		c = ps->src[ps->pos];
		if (c == '\0' || c == '|' || c == ')')
			return fail(ps, at, "%s", _("! wants a pattern after it"));
		ps->depth++;
		kid = parse_unary(ps);
		ps->depth--;
		if (kid == NULL || (n = node_new(ps, NODE_NOT)) == NULL || !node_add(ps, n, kid))
			return NULL;
		return n;
	}
	if (c == '(') {
		ps->pos++;
		skip_spaces(ps);
		if (ps->src[ps->pos] == ')')
			return fail(ps, at, "%s", _("empty parentheses"));
		if (ps->src[ps->pos] == '\0')
			return fail(ps, at, "%s", _("unbalanced parenthesis: ( without )"));
		ps->depth++;
		n = parse_or(ps);
		ps->depth--;
		if (n == NULL)
			return NULL;
		if (ps->src[ps->pos] != ')')
			return fail(ps, at, "%s", _("unbalanced parenthesis: ( without )"));
		ps->pos++;
		return n;
	}
	if (c == '~')
		return parse_flag(ps);
	v = lex_value(ps, &at, &quoted);
	if (v == NULL)
		return NULL;
	n = compile_test(ps, &pattern_word, v, at, quoted);
	free(v);
	return n;
}

/* Items side by side: all must match. */
static struct node *
parse_and(struct parser *ps)
{
	struct node *first, *and = NULL, *n;
	char c;

	skip_spaces(ps);
	c = ps->src[ps->pos];
	if (c == '|')
		return fail(ps, ps->pos, "%s", _("| wants a pattern on each side"));
	if (c == ')')
		return fail(ps, ps->pos, "%s", _("unbalanced parenthesis: ) without ("));
	if (c == '\0')
		return fail(ps, ps->pos, "%s", _("the pattern is empty"));
	first = parse_unary(ps);
	if (first == NULL)
		return NULL;
	for (;;) {
		skip_spaces(ps);
		c = ps->src[ps->pos];
		if (c == '\0' || c == '|' || c == ')')
			return and != NULL ? and : first;
		if ((n = parse_unary(ps)) == NULL)
			return NULL;
		if (and == NULL) {
			if ((and = node_new(ps, NODE_AND)) == NULL || !node_add(ps, and, first))
				return NULL;
		}
		if (!node_add(ps, and, n))
			return NULL;
	}
}

static struct node *
parse_or(struct parser *ps)
{
	struct node *first, *or = NULL, *n;
	size_t bar;
	char c;

	if ((first = parse_and(ps)) == NULL)
		return NULL;
	for (;;) {
		skip_spaces(ps);
		if (ps->src[ps->pos] != '|')
			return or != NULL ? or : first;
		bar = ps->pos++;
		skip_spaces(ps);
		c = ps->src[ps->pos];
		if (c == '\0' || c == '|' || c == ')')
			return fail(ps, bar, "%s", _("| wants a pattern on each side"));
		if ((n = parse_and(ps)) == NULL)
			return NULL;
		if (or == NULL) {
			if ((or = node_new(ps, NODE_OR)) == NULL || !node_add(ps, or, first))
				return NULL;
		}
		if (!node_add(ps, or, n))
			return NULL;
	}
}

/* Counts (marks NULL) or collects the regexes to highlight: those of the
 * body and of bare words, outside any ! (they show what matched). */
static size_t
collect_marks(const struct node *n, pcre2_code **marks, size_t count)
{
	size_t i;

	switch (n->kind) {
	case NODE_AND:
	case NODE_OR:
		for (i = 0; i < n->nkids; i++)
			count = collect_marks(n->kids[i], marks, count);
		return count;
	case NODE_NOT:
		return count;
	case NODE_TEST:
		if (n->flag->arg == ARG_WORD ||
		    (n->flag->arg == ARG_REGEX && n->flag->field == offsetof(struct pattern_item, body))) {
			if (marks != NULL)
				marks[count] = n->re;
			count++;
		}
		return count;
	}
	return count;
}

struct pattern *
pattern_compile(const char *src, time_t now, struct pattern_error *err)
{
	struct pattern_error spare;
	struct parser ps;
	struct pattern *p;

	if (err == NULL)
		err = &spare;
	memset(&ps, 0, sizeof ps);
	ps.src = src;
	ps.now = now;
	ps.err = err;
	p = calloc(1, sizeof *p);
	if (p == NULL) {
		fail(&ps, 0, "%s", _("out of memory"));
		return NULL;
	}
	ps.p = p;
	p->root = parse_or(&ps);
	if (p->root != NULL && ps.src[ps.pos] == ')') {
		fail(&ps, ps.pos, "%s", _("unbalanced parenthesis: ) without ("));
		p->root = NULL;
	}
	if (p->root == NULL) {
		pattern_free(p);
		return NULL;
	}
	p->nmarks = collect_marks(p->root, NULL, 0);
	p->md = pcre2_match_data_create(1, NULL);
	p->marks = p->nmarks > 0 ? calloc(p->nmarks, sizeof *p->marks) : NULL;
	if (p->md == NULL || (p->nmarks > 0 && p->marks == NULL)) {
		fail(&ps, 0, "%s", _("out of memory"));
		pattern_free(p);
		return NULL;
	}
	collect_marks(p->root, p->marks, 0);
	return p;
}

static const char *
field_string(const struct pattern_item *item, size_t field)
{
	const char *s;

	memcpy(&s, (const char *)item + field, sizeof s);
	return s;
}

static bool
re_search(const struct pattern *p, const struct node *n, const char *s)
{
	if (s == NULL)
		return false;
	/* The JIT entry skips pcre2_match's checks: the options are known and
	 * PCRE2_MATCH_INVALID_UTF makes any subject safe. */
#ifdef PCRE2_MATCH_INVALID_UTF
	if (n->jit)
		return pcre2_jit_match(n->re, (PCRE2_SPTR)s, strlen(s), 0, 0, p->md, NULL) >= 0;
#endif
	return pcre2_match(n->re, (PCRE2_SPTR)s, strlen(s), 0, 0, p->md, NULL) >= 0;
}

static long long
field_number(const struct pattern_item *item, const struct pattern_flag *flag)
{
	const char *at = (const char *)item + flag->field;
	long long ll;
	long l;
	int i;

	switch (flag->num) {
	case NUM_LONG:
		memcpy(&l, at, sizeof l);
		return l;
	case NUM_LLONG:
		memcpy(&ll, at, sizeof ll);
		return ll;
	case NUM_INT:
		memcpy(&i, at, sizeof i);
		return i;
	}
	return 0;
}

static bool
test_match(const struct pattern *p, const struct node *n, const struct pattern_item *item)
{
	const struct pattern_flag *flag = n->flag;
	const char *s;
	long long v;
	bool b;

	switch (flag->arg) {
	case ARG_NONE:
		memcpy(&b, (const char *)item + flag->field, sizeof b);
		return b;
	case ARG_REGEX:
		return re_search(p, n, field_string(item, flag->field));
	case ARG_WORD:
		return re_search(p, n, item->body) || re_search(p, n, item->title) ||
		    re_search(p, n, item->author);
	case ARG_REASON:
		return (item->reasons & (1u << n->name)) != 0;
	case ARG_NAME:
		s = field_string(item, flag->field);
		return s != NULL && strcmp(s, flag->names[n->name]) == 0;
	case ARG_RANGE:
		v = field_number(item, flag);
		return v >= flag->absent_below && v >= n->lo && v <= n->hi;
	case ARG_DATE:
		return item->date != 0 && (long long)item->date >= n->lo &&
		    (long long)item->date < n->hi;
	case ARG_CODE:
		s = field_string(item, flag->field);
		return (s != NULL && strcmp(s, n->code) == 0) ||
		    re_search(p, n, field_string(item, flag->field2));
	}
	return false;
}

static bool
node_match(const struct pattern *p, const struct node *n, const struct pattern_item *item)
{
	size_t i;

	switch (n->kind) {
	case NODE_AND:
		for (i = 0; i < n->nkids; i++)
			if (!node_match(p, n->kids[i], item))
				return false;
		return true;
	case NODE_OR:
		for (i = 0; i < n->nkids; i++)
			if (node_match(p, n->kids[i], item))
				return true;
		return false;
	case NODE_NOT:
		return !node_match(p, n->kids[0], item);
	case NODE_TEST:
		return test_match(p, n, item);
	}
	return false;
}

bool
pattern_match(const struct pattern *p, const struct pattern_item *item)
{
	return p == NULL || node_match(p, p->root, item);
}

/* Where one highlight regex matches next, from *from on. */
struct mark_at {
	size_t start, end, from;
	bool live;
};

static void
mark_next(const struct pattern *p, const pcre2_code *re, const char *text, size_t len,
    struct mark_at *m)
{
	PCRE2_SIZE *ov;

	while (m->from <= len) {
		if (pcre2_match(re, (PCRE2_SPTR)text, len, m->from, 0, p->md, NULL) < 0)
			break;
		ov = pcre2_get_ovector_pointer(p->md);
		if (ov[1] > ov[0]) {
			m->start = ov[0];
			m->end = ov[1];
			m->from = ov[1];
			return;
		}
		/* Nothing to show in an empty match: go on one character later. */
		m->from = (ov[1] > m->from ? ov[1] : m->from) + 1;
		while (m->from < len && ((unsigned char)text[m->from] & 0xC0) == 0x80)
			m->from++;
	}
	m->live = false;
}

int
pattern_highlights(const struct pattern *p, const char *text, size_t *spans, int max)
{
	struct mark_at *at;
	size_t len, i, best;
	int n = 0;

	if (p == NULL || p->nmarks == 0 || text == NULL || max <= 0)
		return 0;
	at = calloc(p->nmarks, sizeof *at);
	if (at == NULL)
		return 0;
	len = strlen(text);
	for (i = 0; i < p->nmarks; i++) {
		at[i].live = true;
		mark_next(p, p->marks[i], text, len, &at[i]);
	}
	/* Merges the regexes' matches (each in order) by start; overlapping or
	 * touching spans become one. */
	for (;;) {
		best = p->nmarks;
		for (i = 0; i < p->nmarks; i++)
			if (at[i].live && (best == p->nmarks || at[i].start < at[best].start))
				best = i;
		if (best == p->nmarks)
			break;
		if (n > 0 && at[best].start <= spans[2 * n - 1]) {
			if (at[best].end > spans[2 * n - 1])
				spans[2 * n - 1] = at[best].end;
		} else if (n == max) {
			break;
		} else {
			spans[2 * n] = at[best].start;
			spans[2 * n + 1] = at[best].end;
			n++;
		}
		mark_next(p, p->marks[best], text, len, &at[best]);
	}
	free(at);
	return n;
}

void
pattern_free(struct pattern *p)
{
	struct node *n, *next;

	if (p == NULL)
		return;
	for (n = p->nodes; n != NULL; n = next) {
		next = n->chain;
		pcre2_code_free(n->re);
		free(n->code);
		free(n->kids);
		free(n);
	}
	pcre2_match_data_free(p->md);
	free(p->marks);
	free(p);
}
