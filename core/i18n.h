/* Translation of user-facing strings (GNU gettext, domain "pupitre").
 * Mark every string a user reads: _("...") where it is used, N_("...") in
 * tables translated later, NN_("...", "...") for a singular and its plural
 * in a table, ngettext() for counts. */
#ifndef CORE_I18N_H
#define CORE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A singular and its plural in a table, for ngettext() later: one entry
 * with both forms in the catalogue, as languages count differently. */
#define NN_(singular, plural) singular, plural

/*
 * Sets the locale from the environment and finds the catalogue: next to
 * the program when it runs from the build tree (po/locale), else the
 * installed one. language is "auto" (follow LANG, LC_ALL, LC_MESSAGES),
 * "fr" or "en" (the `set language` option).
 */
void i18n_init(const char *argv0, const char *language);

/* The language in use: "fr" or "en". */
const char *i18n_language(void);

#endif
