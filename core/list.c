/* A list of items as a view shows it: entries in display order, the visible
 * rows under the limit, tags, and a cursor that follows its item. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"

#define LIST_NONE SIZE_MAX

void
list_init(struct list *l)
{
	memset(l, 0, sizeof *l);
}

void
list_free(struct list *l)
{
	free(l->entries);
	free(l->visible);
	pattern_free(l->limit);
	list_init(l);
}

static bool
list_shows(const struct list *l, const struct list_entry *e)
{
	return l->limit == NULL || pattern_match(l->limit, &e->match);
}

/* The index into entries of the cursor's item, or LIST_NONE. */
static size_t
list_cursor_entry(const struct list *l)
{
	return l->cursor < l->nvisible ? l->visible[l->cursor] : LIST_NONE;
}

int
list_append(struct list *l, void *item, const struct pattern_item *match)
{
	struct list_entry *entries, *e;
	size_t *visible, cap;

	if (l->count == l->cap) {
		cap = l->cap == 0 ? 64 : l->cap * 2;
		if (cap > SIZE_MAX / sizeof *entries)
			return -1;
		entries = realloc(l->entries, cap * sizeof *entries);
		if (entries == NULL)
			return -1;
		l->entries = entries;
		/* visible never holds more rows than there are entries. */
		visible = realloc(l->visible, cap * sizeof *visible);
		if (visible == NULL)
			return -1;
		l->visible = visible;
		l->cap = cap;
	}
	e = &l->entries[l->count];
	e->item = item;
	if (match != NULL)
		e->match = *match;
	else
		memset(&e->match, 0, sizeof e->match);
	e->tagged = false;
	if (list_shows(l, e))
		l->visible[l->nvisible++] = l->count;
	l->count++;
	return 0;
}

/*
 * Recomputes the visible rows. The cursor goes back to the entry keep when
 * it is still visible, else to the first visible entry after it (its
 * neighbour in display order), else to the last.
 */
static void
list_rebuild(struct list *l, size_t keep)
{
	size_t i, row = LIST_NONE, after = LIST_NONE;

	l->nvisible = 0;
	for (i = 0; i < l->count; i++) {
		if (!list_shows(l, &l->entries[i]))
			continue;
		if (i == keep)
			row = l->nvisible;
		else if (i > keep && after == LIST_NONE && keep != LIST_NONE)
			after = l->nvisible;
		l->visible[l->nvisible++] = i;
	}
	if (row == LIST_NONE)
		row = after != LIST_NONE ? after :
		    keep != LIST_NONE && l->nvisible > 0 ? l->nvisible - 1 : 0;
	l->cursor = row;
}

void
list_refresh(struct list *l)
{
	list_rebuild(l, list_cursor_entry(l));
}

void
list_set_limit(struct list *l, struct pattern *limit)
{
	size_t keep = list_cursor_entry(l);

	if (l->limit != limit)
		pattern_free(l->limit);
	l->limit = limit;
	list_rebuild(l, keep);
}

static size_t
list_index(const struct list *l, const void *item)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		if (l->entries[i].item == item)
			return i;
	return LIST_NONE;
}

struct list_entry *
list_find(struct list *l, const void *item)
{
	size_t i = list_index(l, item);

	return i == LIST_NONE ? NULL : &l->entries[i];
}

bool
list_remove(struct list *l, const void *item)
{
	size_t i = list_index(l, item), r, w = 0, row = LIST_NONE;

	if (i == LIST_NONE)
		return false;
	memmove(&l->entries[i], &l->entries[i + 1], (l->count - i - 1) * sizeof *l->entries);
	l->count--;
	for (r = 0; r < l->nvisible; r++) {
		if (l->visible[r] == i) {
			row = r;
			continue;
		}
		l->visible[w++] = l->visible[r] > i ? l->visible[r] - 1 : l->visible[r];
	}
	l->nvisible = w;
	/* A row above the cursor went: the cursor's item moved up one. When the
	 * cursor's own item went, the next one took its row. */
	if (row != LIST_NONE && row < l->cursor)
		l->cursor--;
	if (row != LIST_NONE && row < l->top)
		l->top--;
	if (l->cursor >= l->nvisible)
		l->cursor = l->nvisible > 0 ? l->nvisible - 1 : 0;
	return true;
}

size_t
list_remove_if(struct list *l, bool (*gone)(const void *item, void *ctx), void *ctx)
{
	size_t i, r = 0, w = 0, nv = 0, cursor = 0, top = 0;
	bool shown, drop;

	/* visible is in entry order: one walk over both compacts them. */
	for (i = 0; i < l->count; i++) {
		shown = r < l->nvisible && l->visible[r] == i;
		drop = gone(l->entries[i].item, ctx);
		if (!drop) {
			if (shown) {
				cursor += r < l->cursor;
				top += r < l->top;
				l->visible[nv++] = w;
			}
			l->entries[w++] = l->entries[i];
		}
		r += shown;
	}
	i = l->count - w;
	l->count = w;
	l->nvisible = nv;
	l->cursor = cursor < nv ? cursor : nv > 0 ? nv - 1 : 0;
	l->top = top;
	return i;
}

size_t
list_tag_matching(struct list *l, const struct pattern *p, bool tag)
{
	struct list_entry *e;
	size_t r, n = 0;

	for (r = 0; r < l->nvisible; r++) {
		e = &l->entries[l->visible[r]];
		if (e->tagged != tag && pattern_match(p, &e->match)) {
			e->tagged = tag;
			n++;
		}
	}
	return n;
}

size_t
list_tagged_count(const struct list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		n += l->entries[i].tagged;
	return n;
}

struct list_entry *
list_current(struct list *l)
{
	size_t i = list_cursor_entry(l);

	return i == LIST_NONE ? NULL : &l->entries[i];
}

void
list_move(struct list *l, long delta)
{
	size_t d;

	if (l->nvisible == 0) {
		l->cursor = 0;
		return;
	}
	if (delta < 0) {
		d = (size_t)-(delta + 1) + 1;	/* no overflow at LONG_MIN */
		l->cursor = d > l->cursor ? 0 : l->cursor - d;
	} else {
		d = (size_t)delta;
		l->cursor = d >= l->nvisible - 1 - l->cursor ? l->nvisible - 1 : l->cursor + d;
	}
}

void
list_goto(struct list *l, size_t row)
{
	l->cursor = l->nvisible == 0 ? 0 : row < l->nvisible ? row : l->nvisible - 1;
}

bool
list_search(struct list *l, const struct pattern *p, bool forward)
{
	size_t n = l->nvisible, k, row;

	/* Every other row in turn, the cursor's own last. */
	for (k = 1; k <= n; k++) {
		row = forward ? (l->cursor + k) % n : (l->cursor + n - k % n) % n;
		if (pattern_match(p, &l->entries[l->visible[row]].match)) {
			l->cursor = row;
			return true;
		}
	}
	return false;
}

/* What the sort moves: the item (read by cmp) and where its entry was. */
struct list_key {
	void *item;
	size_t at;
};

/* Bottom-up merge sort of keys: stable, and n log n calls of cmp even on
 * sorted input. */
static void
list_merge_sort(int (*cmp)(const void *, const void *), struct list_key *keys,
    struct list_key *tmp, size_t n)
{
	struct list_key *src = keys, *dst = tmp, *swap;
	size_t width, lo, mid, hi, a, b, k;

	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = lo + width < n ? lo + width : n;
			hi = mid + width < n ? mid + width : n;
			for (a = lo, b = mid, k = lo; k < hi; k++) {
				if (a < mid && (b >= hi || cmp(src[a].item, src[b].item) <= 0))
					dst[k] = src[a++];
				else
					dst[k] = src[b++];
			}
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != keys)
		memcpy(keys, src, n * sizeof *keys);
}

void
list_sort(struct list *l, int (*cmp)(const void *a, const void *b))
{
	size_t n = l->count, i, cur = list_cursor_entry(l), screen_row;
	struct list_key *keys, *tmp;
	struct list_entry *sorted;
	bool *shown;

	if (n < 2)
		return;
	screen_row = l->cursor >= l->top ? l->cursor - l->top : 0;
	keys = malloc(n * sizeof *keys);
	tmp = malloc(n * sizeof *tmp);
	sorted = malloc(l->cap * sizeof *sorted);
	shown = calloc(n, sizeof *shown);
	if (keys == NULL || tmp == NULL || sorted == NULL || shown == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		keys[i].item = l->entries[i].item;
		keys[i].at = i;
	}
	list_merge_sort(cmp, keys, tmp, n);
	for (i = 0; i < l->nvisible; i++)
		shown[l->visible[i]] = true;
	l->nvisible = 0;
	for (i = 0; i < n; i++) {
		sorted[i] = l->entries[keys[i].at];
		if (!shown[keys[i].at])
			continue;
		if (keys[i].at == cur)
			l->cursor = l->nvisible;
		l->visible[l->nvisible++] = i;
	}
	l->top = l->cursor >= screen_row ? l->cursor - screen_row : 0;
	free(l->entries);
	l->entries = sorted;
	sorted = NULL;
out:
	free(keys);
	free(tmp);
	free(sorted);
	free(shown);
}

void
list_scroll(struct list *l, size_t rows)
{
	if (rows == 0)
		return;
	/* The screen stays full when there are rows enough. */
	if (l->nvisible <= rows)
		l->top = 0;
	else if (l->top > l->nvisible - rows)
		l->top = l->nvisible - rows;
	if (l->cursor < l->top)
		l->top = l->cursor;
	else if (l->cursor >= l->top + rows)
		l->top = l->cursor - rows + 1;
}
