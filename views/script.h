/* Scripted runs, in the spirit of tig's test harness: keys read from a
 * file instead of the keyboard, the screen saved to text files, so that
 * screen tests are exact and fast. One line per step:
 *
 *   T~b gagnez<Enter>   keys, as a pupitrerc macro writes them (a space
 *                is typed as a space; <Enter>, <Esc>, ^T name keys)
 *   :wait TEXT   wait (up to 10 s) until the screen shows TEXT
 *   :wait-gone TEXT  wait (up to 60 s) until it no longer does
 *   :save FILE   save the screen as text
 *   :sleep MS    let the network work for MS milliseconds
 *   # ...        a comment
 *
 * The run ends after the last line; a :wait that times out fails it. */
#ifndef VIEWS_SCRIPT_H
#define VIEWS_SCRIPT_H

#include "../tui/tui.h"

struct script;

struct script *script_open(const char *path, char *err, size_t errlen);
void script_close(struct script *s);

enum script_step { SCRIPT_KEY, SCRIPT_WAIT, SCRIPT_END, SCRIPT_FAILED };

/* The next step: a key to type (SCRIPT_KEY), nothing yet (SCRIPT_WAIT: a
 * :wait or :sleep is under way), the end, or a failure (message in err). */
enum script_step script_next(struct script *s, struct tui_key *key, char *err, size_t errlen);

#endif
