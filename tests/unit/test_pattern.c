/* Tests of core/pattern.c: every construct of the language against items,
 * every error with where it points, highlights, and the speed of a limit. */
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "../../core/pattern.h"
#include "check.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static time_t now;	/* 2026-03-15 12:00, local time */

static time_t
local(int y, int m, int d, int hh, int mm)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* A reported proposal with every field set. */
static struct pattern_item
proposal(void)
{
	struct pattern_item it;

	memset(&it, 0, sizeof it);
	it.body = "Buy cheap PILLS now at the \xC3\xA9" "cole";
	it.title = "Planter des arbres rue Oberkampf";
	it.author = "marie.dupont";
	it.district_code = "75011";
	it.district_name = "Paris 11e - Bastille";
	it.type = "proposal";
	it.state = "admissible";
	it.stage = NULL;
	it.department_code = "DEVE";
	it.department_name = "Espaces verts et environnement";
	it.reasons = 1u << PATTERN_SPAM | 1u << PATTERN_OFF_TOPIC;
	it.reports = 3;
	it.date = now - 36 * 3600;	/* a day and a half ago */
	it.cost_cents = 15000000;	/* 150,000 euros */
	it.edition = 2026;
	it.hidden = false;
	it.priority = true;
	it.mine = false;
	return it;
}

/* Whether src compiles and matches it; a failure to compile fails a check. */
static int
matches(const char *src, const struct pattern_item *it)
{
	struct pattern_error err;
	struct pattern *p = pattern_compile(src, now, &err);
	int r;

	if (p == NULL) {
		printf("not ok - \"%s\" does not compile: %s at %zu\n", src, err.message, err.offset);
		check_failed++;
		return -1;
	}
	r = pattern_match(p, it);
	pattern_free(p);
	return r;
}

#define YES(src, it, what) CHECK_INT(matches((src), (it)), 1, what)
#define NO(src, it, what) CHECK_INT(matches((src), (it)), 0, what)

static void
check_error(const char *src, size_t offset, const char *message, const char *what)
{
	struct pattern_error err;
	struct pattern *p;

	memset(&err, 0, sizeof err);
	p = pattern_compile(src, now, &err);
	CHECK(p == NULL, what);
	pattern_free(p);
	CHECK_STR(err.message, message, what);
	CHECK_INT(err.offset, offset, what);
}

/* For the messages of PCRE2: they begin with ours, the rest is PCRE2's. */
static void
check_error_prefix(const char *src, size_t offset, const char *prefix, const char *what)
{
	struct pattern_error err;
	struct pattern *p;

	memset(&err, 0, sizeof err);
	p = pattern_compile(src, now, &err);
	CHECK(p == NULL, what);
	pattern_free(p);
	CHECK(strncmp(err.message, prefix, strlen(prefix)) == 0, what);
	if (strncmp(err.message, prefix, strlen(prefix)) != 0)
		printf("    got: \"%s\"\n", err.message);
	CHECK_INT(err.offset, offset, what);
}

static void
test_regexes(void)
{
	struct pattern_item it = proposal(), comment = proposal();

	comment.title = NULL;
	comment.type = "comment";
	YES("~b cheap", &it, "~b finds a word of the body");
	NO("~b expensive", &it, "~b misses what is not there");
	YES("~b pills", &it, "~b in lower case ignores case");
	YES("~b PILLS", &it, "~b with upper case: PILLS is there");
	NO("~b Cheap", &it, "~b with an upper-case letter respects case");
	YES("~b \\Dills", &it, "the letter of an escape does not make it case-sensitive");
	YES("~b \\p{Lu}{5}", &it, "nor does a property name");
	NO("~b \xC3\x89" "COLE", &it, "a non-ASCII capital makes it case-sensitive");
	YES("~b \xC3\x89" "COLE|\xC3\xA9" "cole", &it, "the other alternative matches");
	it.body = "L'\xC3\x89" "COLE";
	YES("~b \xC3\xA9" "cole", &it, "caseless: UCP folds \xC3\xA9 and \xC3\x89");
	it.body = proposal().body;
	YES("~b \xC3\xA9" "cole", &it, "non-ASCII letters match");
	NO("~b \xC3\x89" "cole", &it, "non-ASCII capital respected");
	YES("~b ^buy", &it, "anchors work");
	YES("~b \"cheap pills\"", &it, "a quoted argument keeps its space");
	YES("~b cheap\\ pills", &it, "an escaped space stays in the regex");
	YES("~b (cheap|dear)\\s+pills", &it, "a regex group with | stays one argument");
	YES("~b [|)x]?now", &it, "a bracket class keeps | and )");
	YES("~b spam|pills", &it, "a leading s: caseless still");
	it.body = "SPAM and Kilos";
	YES("~b spam", &it, "a leading s matches S");
	YES("~b kilo", &it, "a leading k matches K");
	YES("~b s*pam", &it, "a leading s then a quantifier");
	YES("~b k{0}ilo", &it, "a leading k then a count");
	it.body = "\xC5\xBFpam \xE2\x84\xAAilo";
	NO("~b spam", &it, "a leading s is ASCII only: not U+017F");
	NO("~b kilo", &it, "a leading k is ASCII only: not U+212A");
	it.body = proposal().body;
	YES("~a ^marie", &it, "~a matches the author");
	NO("~a dupond", &it, "~a misses");
	YES("Oberkampf", &it, "a bare word finds the title");
	YES("dupont", &it, "a bare word finds the author");
	YES("cheap", &it, "a bare word finds the body");
	comment.body = "nothing";
	NO("oberkampf", &comment, "an item without a title: a bare word looks at the rest");
	YES("\"pills now\"", &it, "quoted words keep their spaces");
	YES("\"a \\\"b\\\" c\"|cheap", &it, "\\\" is a quote in a quoted word");
	{
		struct pattern_item q = proposal();

		q.body = "he said \"hi\" twice, back\\slash";
		YES("~b \"said \\\"hi\\\"\"", &q, "a quote inside quotes");
		YES("~b \"k\\\\s\"", &q, "\\\\ inside quotes is the regex's (a backslash)");
		NO("~b \"k\\s\"", &q, "\\s inside quotes is the regex's (a space)");
		q.body = NULL;
		NO("~b .", &q, "no body: ~b cannot match");
		YES("!~b .", &q, "no body: !~b matches");
	}
}

static void
test_fields(void)
{
	struct pattern_item it = proposal();

	YES("~r spam", &it, "~r spam");
	NO("~r offensive", &it, "~r offensive is not among the reasons");
	YES("~r off", &it, "~r off is off_topic (a first word)");
	NO("~r offe", &it, "~r offe is offensive");
	YES("~r off-topic", &it, "~r off-topic with a dash");
	YES("~r OFF_TOPIC", &it, "~r in capitals");
	NO("~r pers", &it, "~r pers is personal_data");
	it.reasons = 1u << PATTERN_PERSONAL_DATA | 1u << PATTERN_OTHER;
	YES("~r pers", &it, "~r pers matches personal_data");
	YES("~r other", &it, "~r other");
	YES("~r personal_data", &it, "~r by full name");
	it = proposal();

	YES("~n 3", &it, "~n N is exactly N");
	NO("~n 4", &it, "~n 4 is not 3");
	YES("~n 3-", &it, "~n MIN-");
	NO("~n 4-", &it, "~n 4- misses 3");
	YES("~n -3", &it, "~n -MAX");
	NO("~n -2", &it, "~n -2 misses 3");
	YES("~n 2-4", &it, "~n MIN-MAX");
	NO("~n 4-10", &it, "~n 4-10 misses 3");
	it.reports = 0;
	YES("~n 0", &it, "~n 0: no report is a number too");
	it = proposal();

	YES("~c 150000", &it, "~c in euros, exactly");
	YES("~c 100000-", &it, "~c 100000- (150,000 euros)");
	NO("~c 200000-", &it, "~c 200000- misses");
	YES("~c -150000", &it, "~c -150000 includes it");
	NO("~c -149999", &it, "~c -149999 misses it");
	YES("~c 0-1000000", &it, "~c range");
	it.cost_cents = 15000050;
	NO("~c -150000", &it, "150,000.50 euros is above 150,000");
	it.cost_cents = -1;
	NO("~c 0-", &it, "no costing never matches ~c");
	YES("!~c 0-", &it, "!~c 0- finds the items without costing");
	it.cost_cents = 0;
	YES("~c 0", &it, "a cost of zero is a cost");
	it = proposal();

	YES("~e 2026", &it, "~e edition");
	NO("~e 2025", &it, "~e other edition");
	YES("~e 2025-2026", &it, "~e range");
	it.edition = 0;
	NO("~e -2026", &it, "no edition never matches");
	it = proposal();

	YES("~D 75011", &it, "~D by code");
	NO("~D 7501", &it, "~D code is exact");
	YES("~D bastille", &it, "~D by name regex");
	YES("~D \"11e - Bast\"", &it, "~D by quoted name");
	NO("~D Montmartre", &it, "~D misses");
	YES("~p DEVE", &it, "~p by code");
	YES("~p verts", &it, "~p by name");
	NO("~p DVD", &it, "~p misses");
	it.district_code = NULL;
	it.district_name = NULL;
	NO("~D 75011", &it, "no district: ~D misses");
	it = proposal();

	YES("~t proposal", &it, "~t proposal");
	NO("~t comment", &it, "~t comment");
	YES("~t p", &it, "~t by prefix");
	YES("~s admissible", &it, "~s exact");
	NO("~s inadmissible", &it, "~s is exact, not a regex");
	YES("~s adm", &it, "~s by prefix");
	NO("~s inad", &it, "~s inad is inadmissible");
	it.state = "not_selected";
	YES("~s not_s", &it, "~s not_s");
	YES("~s not-selected", &it, "~s with a dash");
	it.state = "winner";
	it.stage = "works";
	YES("~S works", &it, "~S exact");
	YES("~S w", &it, "~S by prefix");
	NO("~S not", &it, "~S not is not_started");
	it.stage = "not_started";
	YES("~S not", &it, "~S not matches not_started");
	it = proposal();

	NO("~h", &it, "~h: not hidden");
	YES("!~h", &it, "!~h");
	it.hidden = true;
	YES("~h", &it, "~h: hidden");
	YES("~q", &it, "~q: priority neighbourhood");
	NO("~m", &it, "~m: not mine");
	it.mine = true;
	YES("~m", &it, "~m: mine");
}

static void
test_dates(void)
{
	struct pattern_item it = proposal();

	YES("~d <2d", &it, "a day and a half ago is younger than 2 days");
	NO("~d <1d", &it, "but not younger than a day");
	YES("~d >1d", &it, "it is older than a day");
	NO("~d >2d", &it, "not older than 2 days");
	YES("~d <37h", &it, "hours");
	NO("~d <35h", &it, "hours, missed");
	YES("~d <2161m", &it, "minutes");
	YES("~d <1w", &it, "weeks");
	it.date = now - 8 * 86400;
	YES("~d >1w", &it, "8 days ago is older than a week");
	NO("~d <1w", &it, "8 days ago is not younger than a week");

	it.date = local(2026, 1, 31, 0, 0);
	YES("~d 2026-01-31", &it, "a date: its first second");
	it.date = local(2026, 1, 31, 23, 59);
	YES("~d 2026-01-31", &it, "a date: its last minute");
	NO("~d 2026-02-01", &it, "the next day");
	NO("~d 2026-01-30", &it, "the day before");
	YES("~d 2026-01-01-2026-01-31", &it, "a range includes its last day");
	YES("~d 2026-01-31-2026-02-28", &it, "a range includes its first day");
	NO("~d 2026-02-01-2026-02-28", &it, "a range after it");
	YES("~d 2026-01-31-", &it, "from a day on");
	NO("~d 2026-02-01-", &it, "from the next day on");
	YES("~d -2026-01-31", &it, "until a day, inclusive");
	NO("~d -2026-01-30", &it, "until the day before");
	it.date = local(2024, 2, 29, 12, 0);
	YES("~d 2024-02-29", &it, "a leap day");
	it.date = 0;
	NO("~d <100w", &it, "no date never matches");
	NO("~d -2030-01-01", &it, "no date never matches an open range");
}

static void
test_operators(void)
{
	struct pattern_item it = proposal();

	YES("~b cheap ~a marie", &it, "side by side: and");
	NO("~b cheap ~a paul", &it, "and: one misses");
	YES("~b dear | ~a marie", &it, "or");
	YES("~b dear|~a marie", &it, "or without spaces after an argument");
	NO("~b dear | ~a paul", &it, "or: both miss");
	YES("~h|~q", &it, "or between letters without arguments");
	YES("~q~h|~q!~m", &it, "letters side by side");
	NO("!~b cheap", &it, "not");
	YES("!!~b cheap", &it, "not not");
	YES("! ~h", &it, "not, then a space");
	YES("~b dear ~a paul | ~q", &it, "and binds tighter than or");
	NO("~b dear (~a paul | ~q)", &it, "parentheses group");
	YES("(~b dear | ~a marie) ~q", &it, "a group then and");
	YES("((~b cheap))", &it, "nested groups");
	YES("(~b cheap)", &it, "a ) after an argument closes the group");
	YES("!(~h | ~m)", &it, "not of a group");
	YES("(cheap|dear)", &it, "a bare word in a group");
	YES("spam|cheap", &it, "bare words with |");
	YES("  ~b   cheap  ", &it, "spaces anywhere");
	YES("~bcheap", &it, "the argument may touch its letter");
	YES("~r spam ~n 3- ~d <2d ~e 2026 ~t proposal ~s adm ~D 75011 ~p DEVE ~c 100000- ~q !~h !~m",
	    &it, "all at once");
}

static void
test_errors(void)
{
	char deep[200];
	int i;

	check_error("", 0, "the pattern is empty", "empty");
	check_error("   ", 3, "the pattern is empty", "blank");
	check_error("~z", 0, "unknown pattern ~z", "unknown letter");
	check_error("~b x ~\xC3\xA9", 5, "unknown pattern ~\xC3\xA9", "unknown non-ASCII letter");
	check_error("~", 0, "a pattern letter must follow ~ (like ~b for the body)", "~ alone");
	check_error("~b x ~ y", 5, "a pattern letter must follow ~ (like ~b for the body)",
	    "~ then a space");
	check_error("~n x", 3, "~n wants a range like 3-10 (or 3, 3-, -10)", "~n word");
	check_error("~n", 2, "~n wants a range like 3-10 (or 3, 3-, -10)", "~n missing");
	check_error("~n 3-4-5", 3, "~n wants a range like 3-10 (or 3, 3-, -10)", "~n 3-4-5");
	check_error("~n -", 3, "~n wants a range like 3-10 (or 3, 3-, -10)", "~n -");
	check_error("~n |", 3, "~n wants a range like 3-10 (or 3, 3-, -10)", "~n then |");
	check_error("(~n)", 3, "~n wants a range like 3-10 (or 3, 3-, -10)", "~n then )");
	check_error("~n 10-3", 3, "~n: the range 10-3 is empty: its minimum is above its maximum",
	    "~n 10-3");
	check_error("~n 99999999999999999999", 3, "~n: the number is too large", "~n huge");
	check_error("~c 99999999999999999", 3, "~c: the number is too large", "~c overflows cents");
	check_error("~c 10k", 3, "~c wants a range of euros like 10000-50000 (or 10000-, -50000)",
	    "~c with a suffix");
	check_error("~e twenty", 3, "~e wants an edition year like 2026 (or a range like 2024-2026)",
	    "~e word");
	check_error("~r", 2, "~r wants a reason: spam, offensive, off_topic, personal_data or other",
	    "~r missing");
	check_error("~r xyz", 3, "~r wants a reason: spam, offensive, off_topic, personal_data or other",
	    "~r unknown");
	check_error("~r \"\"", 4, "~r wants a reason: spam, offensive, off_topic, personal_data or other",
	    "~r empty");
	check_error("~r of", 3, "~r: \"of\" could be any of: offensive, off_topic", "~r ambiguous");
	check_error("~s cost", 3, "~s: \"cost\" could be any of: costing, costed", "~s ambiguous");
	check_error("~s not", 3, "~s: \"not\" could be any of: not_selected, not_winner",
	    "~s not: two first words");
	check_error("~s zz", 3, "~s wants a state: submitted, admissible, inadmissible, costing, "
	    "costed, merged, selected, not_selected, winner, not_winner or withdrawn", "~s unknown");
	check_error("~S zz", 3, "~S wants a stage: not_started, studies, procedures, works, "
	    "delivery, done or abandoned", "~S unknown");
	check_error("~t x", 3, "~t wants comment or proposal", "~t unknown");
	check_error("~d 2y", 3, "~d wants an age like <2d or >1w (m h d w), a date like 2026-01-31 "
	    "or a range like 2026-01-01-2026-02-01", "~d junk");
	check_error("~d <2y", 3, "~d wants an age like <2d or >1w (m h d w), a date like 2026-01-31 "
	    "or a range like 2026-01-01-2026-02-01", "~d unknown unit");
	check_error("~d <d", 3, "~d wants an age like <2d or >1w (m h d w), a date like 2026-01-31 "
	    "or a range like 2026-01-01-2026-02-01", "~d no number");
	check_error("~d 2026-1-1", 3, "~d wants an age like <2d or >1w (m h d w), a date like "
	    "2026-01-31 or a range like 2026-01-01-2026-02-01", "~d short date");
	check_error("~d 2026-02-30", 3, "~d: 2026-02-30 is not a date", "~d 30 February");
	check_error("~d 2025-02-29", 3, "~d: 2025-02-29 is not a date", "~d not a leap year");
	check_error("~d 2026-01-01-2026-13-01", 14, "~d: 2026-13-01 is not a date",
	    "~d second date wrong");
	check_error("~d -2026-00-10", 4, "~d: 2026-00-10 is not a date", "~d open range wrong");
	check_error("~d 2026-02-01-2026-01-01", 3,
	    "~d: the range 2026-02-01-2026-01-01 is empty: its first day is after its last",
	    "~d reversed range");
	check_error("~d <99999999999999999w", 3, "~d: the number is too large", "~d huge age");
	check_error("(~h", 0, "unbalanced parenthesis: ( without )", "( never closed");
	check_error("~h (~m | (~q)", 3, "unbalanced parenthesis: ( without )", "inner ( closed, outer not");
	check_error("(", 0, "unbalanced parenthesis: ( without )", "( alone");
	check_error("~h)", 2, "unbalanced parenthesis: ) without (", ") too many");
	check_error("(~h))", 4, "unbalanced parenthesis: ) without (", ") one too many");
	check_error(") ~h", 0, "unbalanced parenthesis: ) without (", ") first");
	check_error("( )", 0, "empty parentheses", "()");
	check_error("~h |", 3, "| wants a pattern on each side", "| at the end");
	check_error("| ~h", 0, "| wants a pattern on each side", "| first");
	check_error("~h || ~m", 3, "| wants a pattern on each side", "||");
	check_error("(~h |)", 4, "| wants a pattern on each side", "| before )");
	check_error("!", 0, "! wants a pattern after it", "! alone");
	check_error("~h ! | ~m", 3, "! wants a pattern after it", "! before |");
	check_error("~b \"abc", 3, "unterminated quote", "unterminated quote");
	check_error("\"abc\\\"", 0, "unterminated quote", "an escaped quote does not end it");
	check_error("~hx", 2, "~h takes no argument", "~h takes no argument");
	check_error("~b", 2, "~b wants a regular expression", "~b missing");
	check_error("~a )", 3, "~a wants a regular expression", "~a then )");
	check_error("~D", 2, "~D wants a district code or a regular expression for its name",
	    "~D missing");
	check_error("~p", 2, "~p wants a department code or a regular expression for its name",
	    "~p missing");
	check_error("~b \"\" ~n x", 9, "~n wants a range like 3-10 (or 3, 3-, -10)",
	    "the offset of a later error");

	/* PCRE2's own messages, at their place in the whole pattern. */
	check_error_prefix("~b (abc", 7, "~b: bad regular expression: missing closing parenthesis",
	    "an unclosed regex group points at its end");
	check_error_prefix("~h ~b a**b", 8, "~b: bad regular expression: ",
	    "a regex error points into the pattern");
	check_error_prefix("~b \"a\\\"b(\"", 9, "~b: bad regular expression: missing closing",
	    "the offset skips the escapes of a quoted regex");
	check_error_prefix("~b \"x\\\\y(\"", 9, "~b: bad regular expression: missing closing",
	    "a backslash pair maps one to one");
	check_error_prefix("~b s(", 5, "~b: bad regular expression: missing closing parenthesis",
	    "the offset of an error after a leading s");
	check_error_prefix("k+*", 2, "bad regular expression: quantifier does not follow",
	    "the offset of an error right after a leading k");
	check_error_prefix("~a [a", 5, "~a: bad regular expression: missing terminating ]",
	    "~a regex error");
	check_error_prefix("~D *x", 3, "~D: bad regular expression: quantifier does not follow",
	    "~D regex error");
	check_error_prefix("~h foo(", 7, "bad regular expression: missing closing parenthesis",
	    "a bare word regex error");
	check_error_prefix("~h \"\xC3\xA9*+*\"", 8, "bad regular expression: ",
	    "offsets are in bytes");

	for (i = 0; i < 100; i++)
		deep[i] = '(';
	memcpy(deep + 100, "~h", 3);
	check_error(deep, 64, "the pattern nests too deep (more than 64 levels)",
	    "100 parentheses");
	for (i = 0; i < 100; i++)
		deep[i] = '!';
	check_error(deep, 64, "the pattern nests too deep (more than 64 levels)", "100 nots");
	{
		struct pattern *p = pattern_compile("~b x (", now, NULL);

		CHECK(p == NULL, "a NULL error pointer is allowed");
	}
}

static int
spans(const char *src, const char *text, size_t *out, int max)
{
	struct pattern *p = pattern_compile(src, now, NULL);
	int n;

	if (p == NULL) {
		printf("not ok - \"%s\" does not compile\n", src);
		check_failed++;
		return -1;
	}
	n = pattern_highlights(p, text, out, max);
	pattern_free(p);
	return n;
}

static void
test_highlights(void)
{
	size_t s[16];

	CHECK_INT(spans("~b cheap", "so cheap, so very cheap", s, 8), 2, "two matches");
	CHECK(s[0] == 3 && s[1] == 8 && s[2] == 18 && s[3] == 23, "their spans");
	CHECK_INT(spans("~b cheap", "so cheap, so very cheap", s, 1), 1, "at most max");
	CHECK(s[0] == 3 && s[1] == 8, "the first one");
	CHECK_INT(spans("~b abc ~b bcd", "xabcdx", s, 8), 1, "overlapping matches merge");
	CHECK(s[0] == 1 && s[1] == 5, "into their union");
	CHECK_INT(spans("very | ~b so", "so cheap, so very cheap", s, 8), 3,
	    "words and ~b, in order");
	CHECK(s[0] == 0 && s[1] == 2 && s[2] == 10 && s[3] == 12 && s[4] == 13 && s[5] == 17,
	    "spans in order of the text");
	CHECK_INT(spans("~b cheap !~b so", "so cheap", s, 8), 1, "a negated regex shows nothing");
	CHECK_INT(spans("~a so ~D so ~p so", "so cheap", s, 8), 0, "~a ~D ~p are not the body");
	CHECK_INT(spans("~h", "so cheap", s, 8), 0, "no regex, no span");
	CHECK_INT(spans("~b x*", "a\xC3\xA9xx\xC3\xA9", s, 8), 1, "empty matches are skipped");
	CHECK(s[0] == 3 && s[1] == 5, "the non-empty one");
	CHECK_INT(spans("~b \xC3\xA9", "\xC3\x89t\xC3\xA9", s, 8), 2, "caseless UTF-8 spans");
	CHECK(s[0] == 0 && s[1] == 2 && s[2] == 3 && s[3] == 5, "in bytes");
	CHECK_INT(spans("~b (?<=a)b", "abab", s, 8), 2, "lookbehind sees the text before");
	CHECK(s[0] == 1 && s[2] == 3, "each b after an a");
	CHECK_INT(spans("~b a", "", s, 8), 0, "empty text");
	CHECK_INT(spans("~b a", "aaaa", s, 0), 0, "max 0");
	CHECK_INT(spans("~b a|b", "abab", s, 8), 1, "adjacent matches make one span");
	CHECK(s[0] == 0 && s[1] == 4, "the whole run");
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A limit over a 100,000-report queue (the budget is 50 ms), in CPU time:
 * the machine may be shared. */
static void
test_speed(void)
{
	int n = getenv("VALGRIND") != NULL ? 5000 : 100000, i, found;
	struct pattern_item *items = calloc((size_t)n, sizeof *items);
	char (*bodies)[208] = calloc((size_t)n, sizeof *bodies);
	static const char *const words[] = {
		"trottoir", "arbre", "v\xC3\xA9lo", "\303\251cole", "parc", "rue", "banc",
		"lumi\xC3\xA8re", "jardin", "place", "fontaine", "piste",
	};
	struct pattern *p;
	uint32_t jit = 0;
	double t;

	if (items == NULL || bodies == NULL) {
		printf("not ok - out of memory\n");
		check_failed++;
		free(items);
		free(bodies);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t len = 0;
		unsigned w = (unsigned)i;

		while (len < 190) {
			len += (size_t)snprintf(bodies[i] + len, sizeof bodies[i] - len, "%s ",
			    words[w % 12]);
			w = w * 7 + 3;
		}
		if (i % 100 == 0)
			memcpy(bodies[i] + 40, "spam", 4);
		items[i] = proposal();
		items[i].body = bodies[i];
		items[i].title = "Un titre sans rien de particulier";
	}
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	printf("# PCRE2 JIT %s\n", jit ? "available" : "not available");

	/* A floor for this machine: a bare case-sensitive substring search. */
	t = seconds();
	for (i = 0, found = 0; i < n; i++)
		found += strstr(items[i].body, "spam") != NULL;
	t = seconds() - t;
	printf("# floor: strstr of spam over %d items: %.1f ms (%d found)\n", n, t * 1e3, found);

	p = pattern_compile("~b spam", now, NULL);
	t = seconds();
	for (i = 0, found = 0; i < n; i++)
		found += pattern_match(p, &items[i]);
	t = seconds() - t;
	pattern_free(p);
	printf("# ~b spam over %d items of ~200 bytes: %.1f ms\n", n, t * 1e3);
	CHECK_INT(found, n / 100, "~b spam finds one item in 100");

	p = pattern_compile("~b \"l(u|a)mi\xC3\xA8re\\s+j\"", now, NULL);
	t = seconds();
	for (i = 0, found = 0; i < n; i++)
		found += pattern_match(p, &items[i]);
	t = seconds() - t;
	pattern_free(p);
	printf("# ~b l(u|a)mi\xC3\xA8re\\s+j over %d items: %.1f ms (%d found)\n", n, t * 1e3, found);
	CHECK(found > 0, "a regex with an alternation finds some");

	p = pattern_compile("spam", now, NULL);
	t = seconds();
	for (i = 0, found = 0; i < n; i++)
		found += pattern_match(p, &items[i]);
	t = seconds() - t;
	pattern_free(p);
	printf("# bare word spam (body, title, author) over %d items: %.1f ms\n", n, t * 1e3);
	CHECK_INT(found, n / 100, "a bare word finds the same");

	p = pattern_compile("~r spam ~n 2- !~h ~d <1w", now, NULL);
	t = seconds();
	for (i = 0, found = 0; i < n; i++)
		found += pattern_match(p, &items[i]);
	t = seconds() - t;
	pattern_free(p);
	printf("# ~r spam ~n 2- !~h ~d <1w over %d items: %.1f ms\n", n, t * 1e3);
	CHECK_INT(found, n, "fields without regexes");
	free(items);
	free(bodies);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("not ok - the C.UTF-8 locale is missing\n");
		return 1;
	}
	now = local(2026, 3, 15, 12, 0);
	RUN(test_regexes);
	RUN(test_fields);
	RUN(test_dates);
	RUN(test_operators);
	RUN(test_errors);
	RUN(test_highlights);
	RUN(test_speed);
	return check_done("pattern");
}
