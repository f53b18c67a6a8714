/* The domain's words in the user's language: report reasons, states and
 * stages of proposals (the API's codes stay English). */
#include <stddef.h>
#include <string.h>

#include "../core/i18n.h"
#include "app.h"

static const char *reason_names[NET_REASONS] = {
	N_("spam"), N_("offensive"), N_("off-topic"), N_("personal data"), N_("other"),
};

const char *
reason_label(int reason)
{
	return reason >= 0 && reason < NET_REASONS ? _(reason_names[reason]) : "";
}

/* The words agents use for the states of a proposal (the API's codes stay
 * English). */
static const struct {
	const char *code;
	const char *label;
} state_labels[] = {
	{ "submitted", N_("submitted") }, { "admissible", N_("admissible") },
	{ "inadmissible", N_("inadmissible") }, { "costing", N_("being costed") },
	{ "costed", N_("costed") }, { "merged", N_("merged") }, { "selected", N_("selected") },
	{ "not_selected", N_("not selected") }, { "winner", N_("winner") },
	{ "not_winner", N_("not a winner") }, { "withdrawn", N_("withdrawn") },
};

const char *
state_label(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof state_labels / sizeof state_labels[0]; i++)
		if (strcmp(code, state_labels[i].code) == 0)
			return _(state_labels[i].label);
	return code ? code : "";
}

static const struct {
	const char *code;
	const char *label;
} stage_labels[] = {
	{ "not_started", N_("not started") }, { "studies", N_("studies") },
	{ "procedures", N_("procedures") }, { "works", N_("works") },
	{ "delivery", N_("delivery") }, { "done", N_("done") },
	{ "abandoned", N_("abandoned") },
};

const char *
stage_label(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof stage_labels / sizeof stage_labels[0]; i++)
		if (strcmp(code, stage_labels[i].code) == 0)
			return _(stage_labels[i].label);
	return code ? code : "";
}
