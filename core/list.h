/* A list of items as the views show them: the order, the tags, the limit
 * (items matching a pattern) and the cursor. Items are the view's own;
 * the list only keeps pointers and a pattern_item for each. */
#ifndef CORE_LIST_H
#define CORE_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "pattern.h"

struct list_entry {
	void *item;			/* the view's item */
	struct pattern_item match;	/* what patterns see of it */
	bool tagged;
};

struct list {
	struct list_entry *entries;	/* all items, in display order */
	size_t count, cap;
	size_t *visible;		/* indexes into entries, after the limit */
	size_t nvisible;
	size_t cursor;			/* index into visible */
	size_t top;			/* first visible row on screen */
	struct pattern *limit;		/* NULL: all items visible */
};

void list_init(struct list *l);
void list_free(struct list *l);	/* not the items */

/* Appends an item; -1 when out of memory. Visible if the limit matches. */
int list_append(struct list *l, void *item, const struct pattern_item *match);

/* Removes the entry of item; the cursor stays on the same item when it can,
 * else on its neighbour. Returns whether it was there. */
bool list_remove(struct list *l, const void *item);

/* Removes every entry whose item gone() says is gone (one pass: for the
 * results of a bulk action); the cursor as list_remove. Returns how many. */
size_t list_remove_if(struct list *l, bool (*gone)(const void *item, void *ctx), void *ctx);

/* The entry of item, or NULL. */
struct list_entry *list_find(struct list *l, const void *item);

/* Recomputes what is visible after match data changed. */
void list_refresh(struct list *l);

/* Sets the limit (takes the pattern; NULL shows all); keeps the cursor on
 * the same item when it stays visible. */
void list_set_limit(struct list *l, struct pattern *limit);

/* Tags (tag=true) or untags every visible item matching p; returns how many
 * changed. */
size_t list_tag_matching(struct list *l, const struct pattern *p, bool tag);

size_t list_tagged_count(const struct list *l);

/* The entry under the cursor, or NULL when nothing is visible. */
struct list_entry *list_current(struct list *l);

/* Moves the cursor by delta rows (clamped), or to an absolute row. */
void list_move(struct list *l, long delta);
void list_goto(struct list *l, size_t row);

/* Moves the cursor to the next (forward) or previous visible item matching
 * p after the cursor, wrapping around; returns false when none matches. */
bool list_search(struct list *l, const struct pattern *p, bool forward);

/* Sorts all entries with cmp on their items (cmp gets two items, not
 * pointers to them; stable); keeps the cursor on the same item, on the same
 * screen row when it can. Out of memory, the order stays as it was. */
void list_sort(struct list *l, int (*cmp)(const void *a, const void *b));

/* Keeps the cursor on screen for a window of rows lines. */
void list_scroll(struct list *l, size_t rows);

#endif
