/* The pattern language of tagging and limiting, in the spirit of mutt:
 *
 *   ~b RE      body (the text as displayed)     ~a RE     author
 *   ~r REASON  a report reason (spam, offensive, off_topic, personal_data, other)
 *   ~n MIN-MAX number of reports (N, MIN-, -MAX, MIN-MAX)
 *   ~d RANGE   date: <2d younger, >1w older (age in m minutes, h hours,
 *              d days, w weeks), YYYY-MM-DD that day, YYYY-MM-DD-YYYY-MM-DD
 *              (days inclusive, local time), YYYY-MM-DD- and -YYYY-MM-DD
 *   ~D DISTRICT district code (75011) or name RE
 *   ~h         hidden                           ~t comment|proposal  type
 *   ~s STATE   proposal state                   ~S STAGE  realisation stage
 *   ~p DEPT    department code or name RE       ~c MIN-MAX  cost in euros
 *   ~e EDITION edition year                     ~q        priority neighbourhood
 *   ~m         mine
 *   WORD       a bare word searches body, title and author (a regex)
 *   !X  X|Y  X Y (and)  ( X )   "quoted words" keep spaces
 *
 * Names (~r ~t ~s ~S) may be shortened while unambiguous: "spam", "pers";
 * a name's first word wins over a longer name ("off" is off_topic). A range
 * N is exactly N. An argument or word runs to the next space, or to a | or )
 * outside its own parentheses: "~b foo|~a bar" is an or, "~b (x|y)z" one
 * regex. Quote it to keep spaces, | or ): "~b "a|b c"" (\" is a quote).
 *
 * Regexes are PCRE2, compiled once (JIT when available), case-insensitive
 * unless they contain an upper-case letter (like mutt's smart case). The
 * compiled pattern is a small tree evaluated per item. */
#ifndef CORE_PATTERN_H
#define CORE_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* What a pattern sees of an item; NULL/0 where the item has no such field. */
struct pattern_item {
	const char *body;	/* as displayed (sanitized) */
	const char *title;
	const char *author;
	const char *district_code;
	const char *district_name;
	const char *type;	/* "comment" or "proposal" */
	const char *state;
	const char *stage;
	const char *department_code;
	const char *department_name;
	unsigned reasons;	/* bit (1 << enum pattern_reason) per reason present */
	long reports;
	time_t date;
	long long cost_cents;	/* -1: no costing */
	int edition;
	bool hidden, priority, mine;
};

enum pattern_reason {
	PATTERN_SPAM, PATTERN_OFFENSIVE, PATTERN_OFF_TOPIC, PATTERN_PERSONAL_DATA,
	PATTERN_OTHER,
};

struct pattern;

/* Where and why a pattern is wrong: offset in the source, a message. */
struct pattern_error {
	size_t offset;
	char message[160];
};

/* Compiles src; NULL with err filled when it is wrong (or out of memory).
 * now is the time relative dates count from. */
struct pattern *pattern_compile(const char *src, time_t now, struct pattern_error *err);

bool pattern_match(const struct pattern *p, const struct pattern_item *item);

/*
 * The spans of text that the pattern's body/word regexes match in text
 * (for highlighting): up to max pairs of byte offsets [start, end) into
 * spans; returns how many.
 */
int pattern_highlights(const struct pattern *p, const char *text, size_t *spans, int max);

void pattern_free(struct pattern *p);

#endif
