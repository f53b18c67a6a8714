/* Translation of user-facing strings: locale, catalogue, language. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

#ifndef PUPITRE_LOCALEDIR
#define PUPITRE_LOCALEDIR "/usr/local/share/locale"
#endif

static char language[3] = "en";

/* The catalogue of the build tree, when the program runs from there. */
static int
build_tree_catalogue(const char *argv0, char *dir, size_t size)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	char mo[4096];
	int n;

	if (slash == NULL)
		return -1;
	n = snprintf(dir, size, "%.*s/po/locale", (int)(slash - argv0), argv0);
	if (n < 0 || (size_t)n >= size)
		return -1;
	n = snprintf(mo, sizeof mo, "%s/fr/LC_MESSAGES/pupitre.mo", dir);
	return n > 0 && (size_t)n < sizeof mo && access(mo, R_OK) == 0 ? 0 : -1;
}

/* French when the messages locale says so. */
static int
locale_is_french(void)
{
	const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return strncmp(v, "fr", 2) == 0;
	}
	return 0;
}

void
i18n_init(const char *argv0, const char *lang)
{
	char dir[4096];
	int french;

	setlocale(LC_ALL, "");
	if (build_tree_catalogue(argv0, dir, sizeof dir) == 0)
		bindtextdomain("pupitre", dir);
	else
		bindtextdomain("pupitre", PUPITRE_LOCALEDIR);
	bind_textdomain_codeset("pupitre", "UTF-8");
	textdomain("pupitre");

	french = lang != NULL && strcmp(lang, "fr") == 0 ? 1 :
	    lang != NULL && strcmp(lang, "en") == 0 ? 0 : locale_is_french();
	/*
	 * gettext translates only when LC_MESSAGES is not "C": choosing
	 * French in a C locale needs a French messages locale, and choosing
	 * English needs LANGUAGE to win over a French LANG.
	 */
	if (french) {
		setenv("LANGUAGE", "fr", 1);
		if (strncmp(setlocale(LC_MESSAGES, NULL), "fr", 2) != 0 &&
		    setlocale(LC_MESSAGES, "fr_FR.UTF-8") == NULL)
			setlocale(LC_MESSAGES, "C.UTF-8");
	} else {
		setenv("LANGUAGE", "en", 1);
	}
	snprintf(language, sizeof language, "%s", french ? "fr" : "en");
}

const char *
i18n_language(void)
{
	return language;
}
