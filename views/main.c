/* pupitre: the back-office console. Options, configuration, start-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/i18n.h"
#include "../core/version.h"
#include "app.h"
#include "script.h"
#include "timing.h"

static void
usage(FILE *out)
{
	fprintf(out, _("usage: pupitre [--url URL] [--login NAME]\n"
	    "       pupitre --script FILE [--size COLUMNSxROWS] [--url URL]\n"
	    "       pupitre --help | --version\n"
	    "\n"
	    "The URL comes from --url, then PUPITRE_URL, then `set url` in\n"
	    "pupitrerc, then http://127.0.0.1:8750. A session token comes from\n"
	    "PUPITRE_TOKEN or the token file of an earlier login.\n"));
}

int
main(int argc, char **argv)
{
	struct app app;
	struct net_error err;
	const char *url = NULL, *login = NULL, *script = NULL;
	int rows = 40, cols = 120;
	char err_text[600];
	size_t i;
	int a, rc;

	timing_now();	/* the clock of the timings starts here */
	memset(&app, 0, sizeof app);
	app.argv0 = argv[0];
	app.km = keymap_new();
	if (app.km == NULL) {
		fprintf(stderr, _("pupitre: %s\n"), _("out of memory"));
		return 1;
	}
	/* the locale first, so that pupitrerc's errors are in the user's language */
	i18n_init(argv[0], "auto");
	keymap_load_all(app.km, argv[0]);
	if (keymap_option_enum(app.km, KEYMAP_OPT_LANGUAGE) != KEYMAP_LANGUAGE_AUTO)
		i18n_init(argv[0], keymap_option_string(app.km, KEYMAP_OPT_LANGUAGE));
	/* the reasons offered when hiding are words: unless pupitrerc chose
	 * its own, offer them in the user's language */
	if (strcmp(keymap_option_string(app.km, KEYMAP_OPT_HIDE_REASONS),
	    "spam,offensive,off-topic,personal data") == 0)
		keymap_set(app.km, KEYMAP_OPT_HIDE_REASONS,
		    _("spam,offensive,off-topic,personal data"), err_text, sizeof err_text);
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[a], "--version") == 0) {
			printf("pupitre %s\n", PUPITRE_VERSION);
			return 0;
		} else if (strcmp(argv[a], "--url") == 0 && a + 1 < argc) {
			url = argv[++a];
		} else if (strcmp(argv[a], "--login") == 0 && a + 1 < argc) {
			login = argv[++a];
		} else if (strcmp(argv[a], "--script") == 0 && a + 1 < argc) {
			script = argv[++a];
		} else if (strcmp(argv[a], "--size") == 0 && a + 1 < argc) {
			if (sscanf(argv[++a], "%dx%d", &cols, &rows) != 2 || cols < 10 ||
			    rows < 3 || cols > 1000 || rows > 1000) {
				fprintf(stderr, _("pupitre: --size wants COLUMNSxROWS, like 120x40\n"));
				return 2;
			}
		} else {
			fprintf(stderr, _("pupitre: unknown option %s\n"), argv[a]);
			usage(stderr);
			return 2;
		}
	}
	/* a bad line of pupitrerc is said, and the rest still loads */
	for (i = 0; i < keymap_message_count(app.km); i++)
		fprintf(stderr, _("pupitre: %s\n"), keymap_message(app.km, i)->text);
	if (url == NULL)
		url = getenv("PUPITRE_URL");
	if (url == NULL || *url == '\0')
		url = keymap_option_string(app.km, KEYMAP_OPT_URL);
	if (url == NULL || *url == '\0')
		url = "http://127.0.0.1:8750";
	snprintf(app.url, sizeof app.url, "%s", url);
	app.net = net_open(app.url, &err);
	if (app.net == NULL) {
		fprintf(stderr, _("pupitre: %s\n"), err.message);
		keymap_free(app.km);
		return 1;
	}
	if (login != NULL)
		app.pending_login = strdup(login);
	if (script != NULL) {
		app.script = script_open(script, err_text, sizeof err_text);
		if (app.script == NULL) {
			fprintf(stderr, "pupitre: %s\n", err_text);
			return 2;
		}
	}
	if ((script != NULL ? tui_start_headless(rows, cols) : tui_start()) != 0) {
		fprintf(stderr, _("pupitre: this terminal cannot be used (is TERM set?)\n"));
		net_close(app.net);
		keymap_free(app.km);
		return 1;
	}
	tui_loop_init();
	for (i = 0; i < TUI_FACES; i++) {
		const struct keymap_color *c = keymap_color(app.km, (enum keymap_color_object)i);

		if (c != NULL)
			tui_face_set((enum tui_face)i, c->fg, c->bg, tui_attrs(c->attrs));
	}
	rc = app_run(&app);
	timing_memory();
	tui_end();
	script_close(app.script);
	net_close(app.net);
	keymap_free(app.km);
	free(app.pending_login);
	for (i = 0; i < app.nhistory; i++)
		free(app.history[i]);
	return rc;
}
