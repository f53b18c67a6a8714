/* Safe text: every byte from the network goes through here before it can
 * reach the terminal. The output is valid UTF-8 that cannot move the cursor,
 * change colours, set the title or write the clipboard. */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stddef.h>

/*
 * Makes text safe to display, into a malloc'd NUL-terminated string (NULL
 * only when out of memory):
 * - invalid UTF-8 (bad bytes, overlongs, surrogates, > U+10FFFF, truncated
 *   sequences) becomes U+FFFD, one per maximal subpart as the Unicode
 *   Standard recommends ("\xE2\x82" is one, "\xC0\xAF" two: C0 starts nothing);
 * - C0 controls (ESC, BEL, CR, ...) become their Control Pictures (U+2400 +
 *   code: ESC shows as U+241B), DEL U+2421; TAB becomes one space and LF is
 *   kept only when keep_newlines (else it shows as U+2424); CR LF counts as
 *   one LF (web forms send CR LF);
 * - C1 controls (U+0080..U+009F), bidi controls (U+202A..U+202E,
 *   U+2066..U+2069, U+200E, U+200F, U+061C) and the invisible characters
 *   that can hide or split text (U+200B, U+2060, U+FEFF, U+2028, U+2029)
 *   become the visible placeholder "<U+XXXX>"; the joiners U+200C and
 *   U+200D stay (scripts and emoji need them);
 * - everything else passes unchanged.
 */
char *text_sanitize(const char *in, size_t len, int keep_newlines);
/* s sanitized on one line, malloc'd; NULL s gives ""; NULL when memory runs out. */
char *text_safe(const char *s);

/* Terminal cells of valid UTF-8 s (wcwidth; non-printable counts 1). */
int text_width(const char *s);

/*
 * Copies the longest prefix of valid UTF-8 s that fits in cells terminal
 * cells into out (size outsize, always NUL-terminated), never cutting a
 * character; when s did not fit and ellipsis is set, the last cell is
 * U+2026. Pads with spaces to exactly cells when pad is set. Returns the
 * cells used.
 */
int text_fit(const char *s, int cells, int ellipsis, int pad, char *out, size_t outsize);

#endif
