/* The views and the functions a key can call, each declared once: the enum,
 * the names used in pupitrerc, the help screen and the man page all read
 * these two tables. */
#ifndef KEYMAPS_FUNCTIONS_H
#define KEYMAPS_FUNCTIONS_H

#include "../core/i18n.h"

/*
 * V(ID, name, inherits_generic, help). A view's keys are looked up in its
 * own table, then in generic's when it inherits; the prompt does not, so
 * that the letters typed into it are text and not commands.
 */
#define KEYMAP_VIEWS(V) \
	V(GENERIC, "generic", 0, N_("Keys of every view")) \
	V(QUEUE, "queue", 1, N_("The moderation queue of reported content")) \
	V(PAGER, "pager", 1, N_("A text read page by page")) \
	V(PROMPT, "prompt", 0, N_("The line where commands, searches and patterns are typed")) \
	V(PROPOSALS, "proposals", 1, N_("The list of proposals")) \
	V(PROPOSAL, "proposal", 1, N_("One proposal and its history")) \
	V(AUDIT, "audit", 1, N_("The audit log")) \
	V(STATS, "stats", 1, N_("Statistics")) \
	V(TOP, "top", 1, N_("The activity of the platform, live"))

enum keymap_view {
#define KEYMAP_VIEW_ENUM(id, name, inherits, help) KEYMAP_VIEW_##id,
	KEYMAP_VIEWS(KEYMAP_VIEW_ENUM)
#undef KEYMAP_VIEW_ENUM
	KEYMAP_VIEW_COUNT
};

/* The views a function belongs to, as a mask. */
#define KEYMAP_IN(id) (1u << KEYMAP_VIEW_##id)

/*
 * F(ID, name, views, help). A generic function can be bound in any view;
 * the others only in the views of their mask.
 */
#define KEYMAP_FUNCTIONS(F) \
	/* Every view: moving, searching, tagging. */ \
	F(MOVE_DOWN, "move-down", KEYMAP_IN(GENERIC), N_("Move the cursor down one line")) \
	F(MOVE_UP, "move-up", KEYMAP_IN(GENERIC), N_("Move the cursor up one line")) \
	F(PAGE_DOWN, "page-down", KEYMAP_IN(GENERIC), N_("Move down one screen")) \
	F(PAGE_UP, "page-up", KEYMAP_IN(GENERIC), N_("Move up one screen")) \
	F(FIRST, "first", KEYMAP_IN(GENERIC), N_("Go to the first line")) \
	F(LAST, "last", KEYMAP_IN(GENERIC), N_("Go to the last line")) \
	F(OPEN, "open", KEYMAP_IN(GENERIC), N_("Open the item under the cursor")) \
	F(BACK, "back", KEYMAP_IN(GENERIC), N_("Close this view and go back to the previous one")) \
	F(QUIT, "quit", KEYMAP_IN(GENERIC), N_("Quit pupitre")) \
	F(HELP, "help", KEYMAP_IN(GENERIC), N_("Show the keys of this view")) \
	F(COMMAND, "command", KEYMAP_IN(GENERIC), N_("Type a command (a pupitrerc line: bind, set, color...)")) \
	F(SEARCH, "search", KEYMAP_IN(GENERIC), N_("Search forward for a pattern")) \
	F(SEARCH_NEXT, "search-next", KEYMAP_IN(GENERIC), N_("Go to the next match of the search")) \
	F(SEARCH_PREV, "search-prev", KEYMAP_IN(GENERIC), N_("Go to the previous match of the search")) \
	F(TAG, "tag", KEYMAP_IN(GENERIC), N_("Tag or untag the item under the cursor")) \
	F(TAG_PATTERN, "tag-pattern", KEYMAP_IN(GENERIC), N_("Tag the items matching a pattern")) \
	F(UNTAG_PATTERN, "untag-pattern", KEYMAP_IN(GENERIC), N_("Untag the items matching a pattern")) \
	F(TAG_PREFIX, "tag-prefix", KEYMAP_IN(GENERIC), N_("Apply the next action to every tagged item")) \
	F(LIMIT, "limit", KEYMAP_IN(GENERIC), N_("Show only the items matching a pattern")) \
	F(REDRAW, "redraw", KEYMAP_IN(GENERIC), N_("Redraw the screen")) \
	F(CANCEL, "cancel", KEYMAP_IN(GENERIC), N_("Cancel the request in flight")) \
	/* The moderation queue. */ \
	F(HIDE, "hide", KEYMAP_IN(QUEUE), N_("Hide the content, giving a reason")) \
	F(RESTORE, "restore", KEYMAP_IN(QUEUE), N_("Show hidden content again")) \
	F(DISMISS, "dismiss", KEYMAP_IN(QUEUE), N_("Accept the content: dismiss its reports, the content stays")) \
	F(BLOCK, "block", KEYMAP_IN(QUEUE), N_("Block the author")) \
	F(ESCALATE, "escalate", KEYMAP_IN(QUEUE), N_("Escalate to an administrator")) \
	F(SORT, "sort", KEYMAP_IN(QUEUE) | KEYMAP_IN(PROPOSALS) | KEYMAP_IN(AUDIT), N_("Change the order of the list")) \
	F(REFRESH, "refresh", KEYMAP_IN(QUEUE) | KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL) | KEYMAP_IN(AUDIT) | KEYMAP_IN(STATS) | KEYMAP_IN(TOP), N_("Reload from the server")) \
	/* Proposals: the list, and one proposal. */ \
	F(ADMISSIBLE, "admissible", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Declare the proposal admissible")) \
	F(INADMISSIBLE, "inadmissible", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Declare the proposal inadmissible, with a reason and a message to its author")) \
	F(ASSIGN, "assign", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Assign a department and a referent")) \
	F(COSTING, "costing", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Cost the proposal: cost lines, feasibility opinion, duration")) \
	F(MERGE, "merge", KEYMAP_IN(PROPOSALS), N_("Merge the tagged proposals into one")) \
	F(UNMERGE, "unmerge", KEYMAP_IN(PROPOSAL), N_("Undo the merge that made this proposal")) \
	F(SELECT, "select", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Select the proposal for the vote")) \
	F(UNSELECT, "unselect", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Take the proposal out of the vote")) \
	F(STAGE, "stage", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Record a stage of the project's realisation, with a date and a public note")) \
	F(ANSWER, "answer", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(PROPOSAL), N_("Answer the authors with a template or a text of your own")) \
	F(IMPORT_VOTES, "import-votes", KEYMAP_IN(PROPOSALS), N_("Record the results of the vote from a CSV file (id,online,paper)")) \
	F(WINNERS, "winners", KEYMAP_IN(PROPOSALS), N_("Compute the winners, district by district")) \
	F(EXPORT, "export", KEYMAP_IN(PROPOSALS) | KEYMAP_IN(AUDIT), N_("Write the list as shown to a CSV or JSON file")) \
	/* The top view: each queue one key away. */ \
	F(TOP, "top", KEYMAP_IN(GENERIC), N_("Go to the top view: every queue and its count")) \
	F(OPEN_QUEUE, "open-queue", KEYMAP_IN(TOP), N_("Open the moderation queue")) \
	F(OPEN_ADMISSIBILITY, "open-admissibility", KEYMAP_IN(TOP), N_("Open the proposals waiting for admissibility")) \
	F(OPEN_COSTING, "open-costing", KEYMAP_IN(TOP), N_("Open the proposals waiting for costing")) \
	F(OPEN_DEPARTMENT, "open-department", KEYMAP_IN(TOP), N_("Open the proposals of my department")) \
	F(OPEN_ANSWERS, "open-answers", KEYMAP_IN(TOP), N_("Open the proposals whose authors wait for an answer")) \
	F(OPEN_STALLED, "open-stalled", KEYMAP_IN(TOP), N_("Open the projects whose stage has not moved in 90 days")) \
	F(OPEN_PROPOSALS, "open-proposals", KEYMAP_IN(TOP), N_("Open every proposal")) \
	F(OPEN_AUDIT, "open-audit", KEYMAP_IN(TOP), N_("Open the audit log")) \
	F(OPEN_STATS, "open-stats", KEYMAP_IN(TOP), N_("Open the statistics")) \
	/* The pager. */ \
	F(LINE_DOWN, "line-down", KEYMAP_IN(PAGER) | KEYMAP_IN(PROPOSAL) | KEYMAP_IN(STATS), N_("Scroll down one line")) \
	F(LINE_UP, "line-up", KEYMAP_IN(PAGER) | KEYMAP_IN(PROPOSAL) | KEYMAP_IN(STATS), N_("Scroll up one line")) \
	F(HALF_PAGE_DOWN, "half-page-down", KEYMAP_IN(PAGER) | KEYMAP_IN(PROPOSAL) | KEYMAP_IN(STATS), N_("Scroll down half a screen")) \
	F(HALF_PAGE_UP, "half-page-up", KEYMAP_IN(PAGER) | KEYMAP_IN(PROPOSAL) | KEYMAP_IN(STATS), N_("Scroll up half a screen")) \
	/* The prompt: line editing. */ \
	F(SUBMIT, "submit", KEYMAP_IN(PROMPT), N_("Accept the line")) \
	F(ABORT, "abort", KEYMAP_IN(PROMPT), N_("Leave the prompt without doing anything")) \
	F(HISTORY_PREV, "history-prev", KEYMAP_IN(PROMPT), N_("Recall the previous line of the history")) \
	F(HISTORY_NEXT, "history-next", KEYMAP_IN(PROMPT), N_("Recall the next line of the history")) \
	F(COMPLETE, "complete", KEYMAP_IN(PROMPT), N_("Complete the word before the cursor")) \
	F(CURSOR_LEFT, "cursor-left", KEYMAP_IN(PROMPT), N_("Move the cursor one character left")) \
	F(CURSOR_RIGHT, "cursor-right", KEYMAP_IN(PROMPT), N_("Move the cursor one character right")) \
	F(LINE_START, "line-start", KEYMAP_IN(PROMPT), N_("Move the cursor to the start of the line")) \
	F(LINE_END, "line-end", KEYMAP_IN(PROMPT), N_("Move the cursor to the end of the line")) \
	F(DELETE_BEFORE, "delete-before", KEYMAP_IN(PROMPT), N_("Delete the character before the cursor")) \
	F(DELETE_CHAR, "delete-char", KEYMAP_IN(PROMPT), N_("Delete the character under the cursor")) \
	F(KILL_TO_END, "kill-to-end", KEYMAP_IN(PROMPT), N_("Delete from the cursor to the end of the line")) \
	F(KILL_TO_START, "kill-to-start", KEYMAP_IN(PROMPT), N_("Delete from the start of the line to the cursor")) \
	F(KILL_WORD, "kill-word", KEYMAP_IN(PROMPT), N_("Delete the word before the cursor"))

enum keymap_function {
	KEYMAP_FN_NONE,		/* no function: an unbound key, or a macro */
#define KEYMAP_FN_ENUM(id, name, views, help) KEYMAP_FN_##id,
	KEYMAP_FUNCTIONS(KEYMAP_FN_ENUM)
#undef KEYMAP_FN_ENUM
	KEYMAP_FN_COUNT
};

/* Names (as in pupitrerc) and help (translated); NULL out of range. */
const char *keymap_view_name(enum keymap_view view);
const char *keymap_view_help(enum keymap_view view);
int keymap_view_inherits(enum keymap_view view);
const char *keymap_function_name(enum keymap_function fn);
const char *keymap_function_help(enum keymap_function fn);
unsigned keymap_function_views(enum keymap_function fn);

/* By name; -1 (view) or KEYMAP_FN_NONE (function) when unknown. */
int keymap_view_by_name(const char *name);
enum keymap_function keymap_function_by_name(const char *name);

/* Whether fn can be bound in view: a generic function anywhere, the others
 * in their own views. */
int keymap_function_allowed(enum keymap_function fn, enum keymap_view view);

#endif
