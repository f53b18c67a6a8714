/* Translation markers: _() translates where a string is used, N_() marks a
 * string in a table for translation later. gettext will back these. */
#ifndef CORE_I18N_H
#define CORE_I18N_H

#define _(s) (s)
#define N_(s) (s)

#endif
