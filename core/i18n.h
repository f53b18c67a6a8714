/* Marks the messages a user reads for translation: _() where the string is
 * used, N_() where it is stored (in a table) and translated when shown. */
#ifndef CORE_I18N_H
#define CORE_I18N_H

#define _(s) (s)
#define N_(s) (s)

#endif
