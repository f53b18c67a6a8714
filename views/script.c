/* Scripted runs: keys from a file, the screen saved as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/i18n.h"
#include "../keymaps/keymap.h"
#include "script.h"

#define SCRIPT_TIMEOUT_MS 10000

struct script {
	FILE *f;
	int lineno;
	int keys[KEYMAP_MACRO_MAX];
	int nkeys, next_key;
	char wait_text[1024];	/* a :wait under way */
	bool wait_gone;		/* ... for the text to go rather than come */
	long long until_ms;	/* its deadline, or the end of a :sleep */
	bool sleeping;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct script *
script_open(const char *path, char *err, size_t errlen)
{
	struct script *s = calloc(1, sizeof *s);

	if (s == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	s->f = fopen(path, "r");
	if (s->f == NULL) {
		snprintf(err, errlen, _("cannot read the script %s"), path);
		free(s);
		return NULL;
	}
	return s;
}

void
script_close(struct script *s)
{
	if (s == NULL)
		return;
	fclose(s->f);
	free(s);
}

enum script_step
script_next(struct script *s, struct tui_key *key, char *err, size_t errlen)
{
	char line[1024];

	for (;;) {
		if (s->next_key < s->nkeys) {
			*key = tui_key_from_keymap(s->keys[s->next_key++]);
			return SCRIPT_KEY;
		}
		if (s->wait_text[0] != '\0') {
			if (tui_shows(s->wait_text) != s->wait_gone) {
				s->wait_text[0] = '\0';
				continue;
			}
			if (now_ms() > s->until_ms) {
				snprintf(err, errlen, s->wait_gone ?
				    _("script line %d: the screen kept showing \"%s\"") :
				    _("script line %d: the screen never showed \"%s\""),
				    s->lineno, s->wait_text);
				return SCRIPT_FAILED;
			}
			return SCRIPT_WAIT;
		}
		if (s->sleeping) {
			if (now_ms() < s->until_ms)
				return SCRIPT_WAIT;
			s->sleeping = false;
		}
		if (fgets(line, sizeof line, s->f) == NULL)
			return SCRIPT_END;
		s->lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strncmp(line, ":wait ", 6) == 0) {
			snprintf(s->wait_text, sizeof s->wait_text, "%s", line + 6);
			s->wait_gone = false;
			s->until_ms = now_ms() + SCRIPT_TIMEOUT_MS;
		} else if (strncmp(line, ":wait-gone ", 11) == 0) {
			snprintf(s->wait_text, sizeof s->wait_text, "%s", line + 11);
			s->wait_gone = true;
			s->until_ms = now_ms() + SCRIPT_TIMEOUT_MS * 6;
		} else if (strncmp(line, ":save ", 6) == 0) {
			if (tui_dump(line + 6) != 0) {
				snprintf(err, errlen, _("script line %d: cannot write %s"), s->lineno,
				    line + 6);
				return SCRIPT_FAILED;
			}
		} else if (strncmp(line, ":sleep ", 7) == 0) {
			s->sleeping = true;
			s->until_ms = now_ms() + atol(line + 7);
		} else {
			s->nkeys = keymap_keys_parse(line, s->keys, KEYMAP_MACRO_MAX);
			s->next_key = 0;
			if (s->nkeys < 0) {
				snprintf(err, errlen, _("script line %d: bad keys \"%s\""), s->lineno, line);
				return SCRIPT_FAILED;
			}
		}
	}
}
