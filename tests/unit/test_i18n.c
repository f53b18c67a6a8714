/* The French catalogue as the console reads it: the language chosen,
 * whole messages, plural forms by French rules, messages built by core
 * and keymaps, and English again when asked. Needs po/locale (make). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../core/i18n.h"
#include "../../core/pattern.h"
#include "../../keymaps/keymap.h"
#include "check.h"

/* The program as run from the top of the build tree, where po/locale is. */
#define ARGV0 "./pupitre"
#define CATALOGUE "po/locale/fr/LC_MESSAGES/pupitre.mo"

static void
test_messages(void)
{
	i18n_init(ARGV0, "fr");
	CHECK_STR(i18n_language(), "fr", "set language fr");
	CHECK_STR(_("Nothing done."), "Rien n’a été fait.", "a whole message");
	CHECK_STR(_("Moderation queue: %s%s%s"), "File de modération : %s%s%s",
	    "the title of the queue");
	CHECK_STR(_("Block the author"), "Bloquer l’auteur", "the help of a function");
}

static void
test_plurals(void)
{
	/* French counts 0 and 1 as singular */
	CHECK_STR(ngettext("%s item", "%s items", 0), "%s élément", "0 is singular");
	CHECK_STR(ngettext("%s item", "%s items", 1), "%s élément", "1 is singular");
	CHECK_STR(ngettext("%s item", "%s items", 2), "%s éléments", "2 is plural");
	CHECK_STR(ngettext("Block the authors of %zu item?", "Block the authors of %zu items?", 1),
	    "Bloquer l’auteur de %zu élément ?", "one author to block");
	CHECK_STR(ngettext("Block the authors of %zu item?", "Block the authors of %zu items?", 5),
	    "Bloquer les auteurs de %zu éléments ?", "authors to block");
	/* a pair from a table (NN_) has its plural too */
	CHECK_STR(ngettext("hiding %s item", "hiding %s items", 3), "masquage de %s éléments",
	    "a label of a decision in progress, plural");
}

/* The longest usages of patterns, whole in a pattern_error. */
static void
test_usages_fit(void)
{
	static const char *const cases[][2] = {
		{ "~s nope", N_("~s wants a state: submitted, admissible, inadmissible, costing, "
		    "costed, merged, selected, not_selected, winner, not_winner or withdrawn") },
		{ "~S nope", N_("~S wants a stage: not_started, studies, procedures, works, "
		    "delivery, done or abandoned") },
		{ "~d soon", N_("~d wants an age like <2d or >1w (m h d w), a date like 2026-01-31 "
		    "or a range like 2026-01-01-2026-02-01") },
		{ "~r nope", N_("~r wants a reason: spam, offensive, off_topic, personal_data or "
		    "other") },
	};
	struct pattern_error perr;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pattern *p = pattern_compile(cases[i][0], time(NULL), &perr);

		CHECK(p == NULL, cases[i][0]);
		CHECK_STR(perr.message, _(cases[i][1]), "a usage is not cut");
		pattern_free(p);
	}
}

static void
test_built_messages(void)
{
	struct pattern_error perr;
	struct pattern *p;
	struct keymap *km = keymap_new();
	char err[256] = "";

	p = pattern_compile("~S ongoing", time(NULL), &perr);
	CHECK(p == NULL && strstr(perr.message, "~S attend un avancement : not_started (non "
	    "démarré), studies (études)") == perr.message, "a pattern's usage, in the words of the agents");
	pattern_free(p);
	test_usages_fit();
	p = pattern_compile("(~h", time(NULL), &perr);
	CHECK(p == NULL && strcmp(perr.message, "parenthèses déséquilibrées : ( sans )") == 0,
	    "a pattern's syntax error");
	pattern_free(p);
	CHECK(km != NULL, "a keymap");
	if (km == NULL)
		return;
	CHECK_INT(keymap_exec(km, "set sort newest", err, sizeof err), -1, "a bad value");
	CHECK_STR(err, "l’option sort prend l’une des valeurs recent|count|oldest, pas « newest »",
	    "an option's error keeps its name and values in English");
	keymap_free(km);
}

static void
test_english(void)
{
	i18n_init(ARGV0, "en");
	CHECK_STR(i18n_language(), "en", "set language en");
	CHECK_STR(_("Nothing done."), "Nothing done.", "English again");
	CHECK_STR(ngettext("%zu item", "%zu items", 0), "%zu items", "English counts 0 as plural");
}

int
main(void)
{
	if (access(CATALOGUE, R_OK) != 0) {
		printf("not ok - %s is not built: run make\n", CATALOGUE);
		check_failed++;
		return check_done("test_i18n");
	}
	RUN(test_messages);
	RUN(test_plurals);
	RUN(test_built_messages);
	RUN(test_english);
	return check_done("test_i18n");
}
